namespace Capsule.Runtime.Components.Binary;

/// <summary>A core type defined in a component: a function type or a module type.</summary>
public abstract record CoreTypeDefinition
{
    private CoreTypeDefinition()
    {
    }

    /// <summary>A core function type.</summary>
    public sealed record Func(CoreFunctionType Type) : CoreTypeDefinition;

    /// <summary>A core module type: its imports and exports (aliases and types inside are counted, not kept).</summary>
    public sealed record Module(IReadOnlyList<CoreImport> Imports, IReadOnlyList<CoreExport> Exports) : CoreTypeDefinition;
}
