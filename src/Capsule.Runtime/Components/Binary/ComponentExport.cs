namespace Capsule.Runtime.Components.Binary;

/// <summary>One export of a component.</summary>
/// <param name="Name">The extern name, e.g. <c>wasi:http/incoming-handler@0.2.0</c>.</param>
/// <param name="Item">What is exported.</param>
/// <param name="Desc">The ascribed type, when the binary gives one.</param>
public sealed record ComponentExport(string Name, SortIndex Item, ExternDesc? Desc);
