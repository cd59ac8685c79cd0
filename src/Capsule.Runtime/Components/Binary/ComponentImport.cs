namespace Capsule.Runtime.Components.Binary;

/// <summary>One import of a component.</summary>
/// <param name="Name">The extern name, e.g. <c>wasi:io/streams@0.2.3</c>.</param>
/// <param name="Desc">What is imported.</param>
public sealed record ComponentImport(string Name, ExternDesc Desc);
