namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// A key-value operation failed with <see cref="Error"/>. Backends throw only
/// this: every library exception (SQLite, Redis) is turned into one, so the
/// binding catches one type and maps it to the guest's error value.
/// </summary>
public sealed class KeyValueException(KeyValueError error)
    : Exception(error switch
    {
        KeyValueError.StoreTableFull => "too many stores are open in this instance",
        KeyValueError.NoSuchStore => "no such store",
        KeyValueError.AccessDenied => "access denied",
        KeyValueError.Other other => other.Message,
        _ => "key-value error",
    })
{
    /// <summary>The error case to hand to the guest.</summary>
    public KeyValueError Error { get; } = error;

    /// <summary>An <see cref="KeyValueError.Other"/> failure with <paramref name="message"/>.</summary>
    public static KeyValueException Other(string message) => new(new KeyValueError.Other(message));
}
