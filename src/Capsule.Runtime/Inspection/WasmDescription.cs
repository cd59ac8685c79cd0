using Capsule.Runtime.Loading;

namespace Capsule.Runtime.Inspection;

/// <summary>What <c>capsule inspect</c> reports about a module or component.</summary>
/// <param name="Path">The file as named.</param>
/// <param name="Kind">Module or component.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="Imports">What the guest needs from the host.</param>
/// <param name="Exports">What the guest offers.</param>
/// <param name="Grants">Capabilities its imports could use, and how to grant each.</param>
public sealed record WasmDescription(
    string Path,
    WasmKind Kind,
    long SizeBytes,
    IReadOnlyList<WasmItem> Imports,
    IReadOnlyList<WasmItem> Exports,
    IReadOnlyList<GrantHint> Grants);
