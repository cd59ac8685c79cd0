namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// Why a guest's variable read failed: the cases of <c>fermyon:spin/variables@2.0.0</c>
/// (<c>wasi:config/store</c> answers none for the first two). Messages name variables, never values.
/// </summary>
public abstract record VariableError
{
    private VariableError()
    {
    }

    /// <summary>The name asked for is not a variable name.</summary>
    public sealed record InvalidName(string Message) : VariableError;

    /// <summary>The component has no variable by that name.</summary>
    public sealed record Undefined(string Message) : VariableError;

    /// <summary>No provider gave a value.</summary>
    public sealed record Provider(string Message) : VariableError;

    /// <summary>Anything else.</summary>
    public sealed record Other(string Message) : VariableError;
}
