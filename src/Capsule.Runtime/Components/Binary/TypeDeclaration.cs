namespace Capsule.Runtime.Components.Binary;

/// <summary>One declaration inside a component or instance type.</summary>
public abstract record TypeDeclaration
{
    private TypeDeclaration()
    {
    }

    /// <summary>A core type (a function or module type).</summary>
    public sealed record CoreType(CoreTypeDefinition Definition) : TypeDeclaration;

    /// <summary>A component type, appended to the scope's type index space.</summary>
    public sealed record Type(DefinedType Definition) : TypeDeclaration;

    /// <summary>An alias of sort <paramref name="Sort"/>.</summary>
    public sealed record Alias(Sort Sort, AliasTarget Target) : TypeDeclaration;

    /// <summary>An export (instance and component types).</summary>
    public sealed record Export(string Name, ExternDesc Desc) : TypeDeclaration;

    /// <summary>An import (component types only).</summary>
    public sealed record Import(string Name, ExternDesc Desc) : TypeDeclaration;
}
