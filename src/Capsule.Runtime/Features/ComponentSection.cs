using Capsule.Runtime.Configuration;

namespace Capsule.Runtime.Features;

/// <summary>One <c>[component.&lt;id&gt;]</c> table of a manifest, as a feature reads its own keys of it.</summary>
/// <param name="Reader">Typed reads whose errors name the file, line and key.</param>
/// <param name="Table">The component's table.</param>
/// <param name="Path">Its key path for messages, e.g. <c>component.hello</c>.</param>
/// <param name="Directory">The folder relative paths are resolved against (the manifest's).</param>
/// <param name="Root">The manifest's top-level table (e.g. for app-wide definitions a component's keys refer to).</param>
public sealed record ComponentSection(ManifestReader Reader, TomlMap Table, string Path, string Directory, TomlMap Root);
