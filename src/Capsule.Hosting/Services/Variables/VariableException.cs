namespace Capsule.Hosting.Services.Variables;

/// <summary>A variable read failed with <see cref="Error"/>; the only exception the variables service throws to a binding.</summary>
public sealed class VariableException(VariableError error)
    : Exception(error switch
    {
        VariableError.InvalidName e => e.Message,
        VariableError.Undefined e => e.Message,
        VariableError.Provider e => e.Message,
        VariableError.Other e => e.Message,
        _ => "variable error",
    })
{
    /// <summary>The error case to hand to the guest.</summary>
    public VariableError Error { get; } = error;
}
