namespace Capsule.Runtime.Components.Binary;

/// <summary>The kinds of core definitions (<c>core:sort</c>); the values are the binary opcodes.</summary>
public enum CoreSort : byte
{
    /// <summary>A core function.</summary>
    Func = 0x00,

    /// <summary>A table.</summary>
    Table = 0x01,

    /// <summary>A linear memory.</summary>
    Memory = 0x02,

    /// <summary>A global.</summary>
    Global = 0x03,

    /// <summary>An exception tag.</summary>
    Tag = 0x04,

    /// <summary>A core type.</summary>
    Type = 0x10,

    /// <summary>A core module.</summary>
    Module = 0x11,

    /// <summary>A core instance.</summary>
    Instance = 0x12,
}
