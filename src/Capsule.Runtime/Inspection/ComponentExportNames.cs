namespace Capsule.Runtime.Inspection;

/// <summary>
/// Reads the names a binary component exports straight from its bytes, so a
/// command can refuse a component of the wrong world before spending seconds
/// compiling it (see <see cref="ComponentOutline"/>).
/// </summary>
public static class ComponentExportNames
{
    /// <summary>The top-level export names, or null if the binary cannot be read this way (the compile then reports why).</summary>
    public static IReadOnlyList<string>? Read(ReadOnlySpan<byte> component) => ComponentOutline.Read(component)?.Exports;
}
