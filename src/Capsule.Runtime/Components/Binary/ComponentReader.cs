namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// Reads a component binary into a <see cref="ComponentModel"/>. Every size, count, name and
/// nesting depth is bounded (<see cref="ComponentReaderLimits"/>) and checked in 64-bit arithmetic
/// before anything is allocated; every index is checked against its index space as it was at that
/// point. Malformed input of any kind throws <see cref="ComponentBinaryException"/> and nothing else.
/// Thread-safe (no shared state).
/// </summary>
public static class ComponentReader
{
    /// <summary>The component-model binary version this reader understands (0x0d, layer 1).</summary>
    public const ushort Version = 0x0d;

    /// <summary>Reads <paramref name="binary"/>. Core modules in the model are slices of it, not copies.</summary>
    /// <exception cref="ComponentBinaryException">The binary is not a well-formed component within the limits.</exception>
    public static ComponentModel Read(ReadOnlyMemory<byte> binary, ComponentReaderLimits? limits = null)
    {
        limits ??= ComponentReaderLimits.Default;
        var cursor = new BinaryCursor(binary.Span, 0, "preamble", limits);
        var parser = new ComponentParser(binary, limits);
        try
        {
            return parser.ReadComponent(ref cursor, parent: null);
        }
        catch (Exception e) when (e is not ComponentBinaryException and (InvalidOperationException or ArgumentException or OverflowException or IndexOutOfRangeException))
        {
            // Defence in depth: a reader bug must still surface as the one error type.
            throw new ComponentBinaryException("component", 0, $"unreadable ({e.GetType().Name}: {e.Message})");
        }
    }
}
