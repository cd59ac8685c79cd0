using System.Text;

namespace Capsule.Cli.Bench;

/// <summary>An app the bench writes itself around one component: several routes to it, or one instance kept idle.</summary>
public static class GeneratedApp
{
    /// <summary>
    /// Writes a folder holding capsule.toml that serves <paramref name="source"/> as <paramref name="components"/>
    /// components (each on its own route); with <paramref name="keepInstances"/>, each keeps its instance after a request
    /// (instance reuse, idle for up to an hour). Returns the folder.
    /// </summary>
    public static string Write(BenchWorkspace workspace, string name, string source, int components, bool keepInstances = false)
    {
        var folder = workspace.NewFolder(name);
        var text = new StringBuilder($"[application]\nname = \"{name}\"\n");
        for (var i = 0; i < components; i++)
        {
            text.Append($"[[trigger.http]]\nroute = \"{(i == 0 ? "/..." : $"/c{i}/...")}\"\ncomponent = \"c{i}\"\n");
        }
        for (var i = 0; i < components; i++)
        {
            text.Append($"[component.c{i}]\nsource = \"component.wasm\"\n");
            if (keepInstances)
            {
                text.Append("instance_reuse = { max_requests = 10000, idle_timeout = \"1h\" }\n");
            }
        }
        // A link, not the path in the manifest: the path may hold anything TOML would need escaped.
        File.CreateSymbolicLink(Path.Combine(folder, "component.wasm"), source);
        File.WriteAllText(Path.Combine(folder, "capsule.toml"), text.ToString());
        return folder;
    }
}
