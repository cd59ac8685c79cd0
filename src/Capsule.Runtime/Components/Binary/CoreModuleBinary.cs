namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// A core module embedded in a component: its bytes (a slice of the component's, not copied) and
/// its imports and exports, read from its type, import, function and export sections. The rest of
/// the module is left to Wasmtime, which validates it when it compiles it.
/// </summary>
/// <param name="Bytes">The whole module, from <c>\0asm</c>.</param>
/// <param name="Offset">Where it starts in the outermost binary.</param>
/// <param name="Imports">Its imports in order.</param>
/// <param name="Exports">Its exports in order.</param>
public sealed record CoreModuleBinary(ReadOnlyMemory<byte> Bytes, long Offset, IReadOnlyList<CoreImport> Imports, IReadOnlyList<CoreExport> Exports)
{
    /// <summary>The export named <paramref name="name"/>, or null.</summary>
    public CoreExport? Export(string name) => Exports.FirstOrDefault(e => e.Name == name);
}
