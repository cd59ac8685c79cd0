using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// deploy/helm/capsule rendered as <c>helm template</c> would, without Helm (no registry here
/// ships it): deploy/helm/render is Go's text/template, Helm's engine, given the
/// chart's values.yaml (overridden per test) and a release name.
/// </summary>
public static class HelmChart
{
    public static string Folder => Path.Combine(Guests.RepoRoot, "deploy", "helm", "capsule");

    /// <summary>Renders the chart for release <paramref name="release"/> with <paramref name="overrides"/> (like --set) applied to values.yaml.</summary>
    public static string Render(string release, Action<JsonObject>? overrides = null)
    {
        var values = YamlToJson(File.ReadAllText(Path.Combine(Folder, "values.yaml")));
        overrides?.Invoke(values);
        var chart = YamlToJson(File.ReadAllText(Path.Combine(Folder, "Chart.yaml")));
        var context = new JsonObject
        {
            ["Values"] = values,
            ["Release"] = new JsonObject { ["Name"] = release, ["Namespace"] = "default", ["Service"] = "Helm" },
            ["Chart"] = new JsonObject { ["Name"] = chart["name"]!.DeepClone(), ["Version"] = chart["version"]!.DeepClone() },
        };
        var start = new ProcessStartInfo("go", ["run", Path.Combine(Guests.RepoRoot, "deploy", "helm", "render", "main.go"), Folder])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("go is not installed: run scripts/install-services.sh", e);
        }
        using (process)
        {
            process.StandardInput.Write(context.ToJsonString());
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("rendering the chart took longer than 5 minutes");
            }
            if (process.ExitCode != 0)
            {
                throw new ManifestProblem($"the chart does not render: {stderr.Result.Trim()}");
            }
            return stdout.Result;
        }
    }

    /// <summary>The chart's objects for <paramref name="release"/>.</summary>
    public static IReadOnlyList<k8s.IKubernetesObject<V1ObjectMeta>> Objects(string release, Action<JsonObject>? overrides = null) =>
        KubernetesObjects.Parse(Render(release, overrides), $"helm chart (release {release})");

    // values.yaml as JSON: strings stay strings, numbers and booleans are typed as YAML 1.2's core schema reads them.
    private static JsonObject YamlToJson(string yaml)
    {
        var data = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(data);
        return JsonNode.Parse(json)!.AsObject();
    }
}
