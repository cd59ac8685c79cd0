namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// One of a component's index spaces: the core ones (each a <see cref="CoreSort"/>)
/// and the component-level ones.
/// </summary>
public enum Sort : byte
{
    /// <summary>Core functions.</summary>
    CoreFunc,

    /// <summary>Core tables.</summary>
    CoreTable,

    /// <summary>Core memories.</summary>
    CoreMemory,

    /// <summary>Core globals.</summary>
    CoreGlobal,

    /// <summary>Core tags.</summary>
    CoreTag,

    /// <summary>Core types (function and module types).</summary>
    CoreType,

    /// <summary>Core modules.</summary>
    CoreModule,

    /// <summary>Core instances.</summary>
    CoreInstance,

    /// <summary>Component functions.</summary>
    Func,

    /// <summary>Component values (not supported: the 🪙 feature).</summary>
    Value,

    /// <summary>Component types.</summary>
    Type,

    /// <summary>Components.</summary>
    Component,

    /// <summary>Component instances.</summary>
    Instance,
}

/// <summary>Mapping between binary sort opcodes and <see cref="Sort"/>.</summary>
public static class Sorts
{
    /// <summary>How many index spaces there are.</summary>
    public const int Count = (int)Sort.Instance + 1;

    /// <summary>The index space of a core sort opcode, or null for an unknown one.</summary>
    public static Sort? FromCore(byte opcode) => opcode switch
    {
        0x00 => Sort.CoreFunc,
        0x01 => Sort.CoreTable,
        0x02 => Sort.CoreMemory,
        0x03 => Sort.CoreGlobal,
        0x04 => Sort.CoreTag,
        0x10 => Sort.CoreType,
        0x11 => Sort.CoreModule,
        0x12 => Sort.CoreInstance,
        _ => null,
    };

    /// <summary>True for the core index spaces.</summary>
    public static bool IsCore(this Sort sort) => sort <= Sort.CoreInstance;

    /// <summary>The name used in the text format, e.g. <c>core func</c>.</summary>
    public static string Name(this Sort sort) => sort switch
    {
        Sort.CoreFunc => "core func",
        Sort.CoreTable => "core table",
        Sort.CoreMemory => "core memory",
        Sort.CoreGlobal => "core global",
        Sort.CoreTag => "core tag",
        Sort.CoreType => "core type",
        Sort.CoreModule => "core module",
        Sort.CoreInstance => "core instance",
        Sort.Func => "func",
        Sort.Value => "value",
        Sort.Type => "type",
        Sort.Component => "component",
        _ => "instance",
    };
}
