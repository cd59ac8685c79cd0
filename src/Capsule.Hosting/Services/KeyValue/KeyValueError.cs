namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// Why a key-value operation failed: the union of the error cases of
/// <c>fermyon:spin/key-value@2.0.0</c> and <c>wasi:keyvalue@0.2.0-draft2</c>,
/// so a binding maps each to its interface's case without inspecting messages.
/// </summary>
public abstract record KeyValueError
{
    private KeyValueError()
    {
    }

    /// <summary>The instance has <see cref="KeyValueLimits.MaxOpenStores"/> stores open (Spin's <c>store-table-full</c>).</summary>
    public sealed record StoreTableFull : KeyValueError;

    /// <summary>No store has this label in the app.</summary>
    public sealed record NoSuchStore : KeyValueError;

    /// <summary>The component does not list the label in its <c>key_value_stores</c>.</summary>
    public sealed record AccessDenied : KeyValueError;

    /// <summary>Anything else (backend unreachable, a value too large, …); the text is safe to show the guest.</summary>
    public sealed record Other(string Message) : KeyValueError;
}
