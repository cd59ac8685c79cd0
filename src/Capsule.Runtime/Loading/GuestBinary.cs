namespace Capsule.Runtime.Loading;

/// <summary>A guest read from its file and checked against <see cref="CompileBounds"/>, not yet compiled.</summary>
/// <param name="Path">The file as the user named it.</param>
/// <param name="Kind">Module or component.</param>
/// <param name="SizeBytes">The file's size.</param>
/// <param name="Binary">The binary (module text already converted); null for component text.</param>
/// <param name="Text">Component text, which the binding compiles as text; otherwise null.</param>
public sealed record GuestBinary(string Path, WasmKind Kind, long SizeBytes, byte[]? Binary, string? Text);
