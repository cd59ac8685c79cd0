namespace Capsule.Plugins.Failures;

/// <summary>
/// A plugin could not be loaded or does not fit what the host expects: its file is not a valid module,
/// it imports what the host does not provide, it lacks an export the app needs, or its manifest is wrong.
/// The message names the plugin and the cause.
/// </summary>
public sealed class PluginLoadException(string plugin, string cause, Exception? inner = null)
    : Exception($"plugin {plugin}: {cause}", inner)
{
    /// <summary>The plugin's name or path.</summary>
    public string Plugin { get; } = plugin;

    /// <summary>Why it was refused, in one line.</summary>
    public string Cause { get; } = cause;
}
