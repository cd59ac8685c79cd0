namespace Capsule.Runtime.Components.Binary;

/// <summary>What an import or export is (<c>externtype</c>).</summary>
public enum ExternKind : byte
{
    /// <summary>A core module of core type <see cref="ExternDesc.Index"/>.</summary>
    CoreModule,

    /// <summary>A function of type <see cref="ExternDesc.Index"/>.</summary>
    Func,

    /// <summary>A value (not supported).</summary>
    Value,

    /// <summary>A type equal to type <see cref="ExternDesc.Index"/>.</summary>
    TypeEq,

    /// <summary>A fresh resource type.</summary>
    TypeSubResource,

    /// <summary>A component of type <see cref="ExternDesc.Index"/>.</summary>
    Component,

    /// <summary>An instance of type <see cref="ExternDesc.Index"/>.</summary>
    Instance,
}

/// <summary>An import's or export's extern type.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Index">The type index it names (0 for a fresh resource).</param>
public readonly record struct ExternDesc(ExternKind Kind, uint Index)
{
    /// <summary>The index space an item of this description lands in.</summary>
    public Sort Sort => Kind switch
    {
        ExternKind.CoreModule => Sort.CoreModule,
        ExternKind.Func => Sort.Func,
        ExternKind.Value => Sort.Value,
        ExternKind.TypeEq or ExternKind.TypeSubResource => Sort.Type,
        ExternKind.Component => Sort.Component,
        _ => Sort.Instance,
    };
}
