namespace Capsule.Wit.Model;

/// <summary>
/// A WIT world: what a component imports and exports. <c>include</c>d worlds are merged in (with their
/// <c>with</c> renames), so <see cref="Imports"/> and <see cref="Exports"/> are complete.
/// </summary>
/// <param name="Name">Its name.</param>
/// <param name="Package">The package it belongs to.</param>
/// <param name="Docs">Its doc comment, or empty.</param>
/// <param name="Gate">Its feature gate.</param>
/// <param name="Uses">Its own <c>use</c> items (not those of included worlds).</param>
/// <param name="Types">The types it defines and those of included worlds.</param>
/// <param name="Imports">Imported interfaces and functions, in order, included worlds' where the include is.</param>
/// <param name="Exports">Exported interfaces and functions, likewise.</param>
public sealed record World(
    string Name,
    PackageName Package,
    string Docs,
    Gate Gate,
    IReadOnlyList<Use> Uses,
    IReadOnlyList<TypeDef> Types,
    IReadOnlyList<WorldItem> Imports,
    IReadOnlyList<WorldItem> Exports)
{
    /// <summary>E.g. <c>wasi:http/proxy@0.2.12</c>.</summary>
    public string QualifiedName => Package.Qualify(Name);

    /// <summary>
    /// <see cref="Imports"/> plus every interface that the imports, the exports and the world's
    /// <c>use</c> items depend on through <c>use</c>, each before the first item needing it: all a host
    /// must provide to a component of this world. An interface the world exports is not imported.
    /// </summary>
    public IReadOnlyList<WorldItem> ElaboratedImports() => WorldElaboration.Imports(this);
}
