using k8s;
using k8s.Models;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// Kubernetes manifests read into the typed objects KubernetesClient generates from
/// the Kubernetes OpenAPI schema, strictly: an unknown or misspelled field, a value
/// of the wrong type or an unknown kind fails with the file's name.
/// </summary>
public static class KubernetesObjects
{
    /// <summary>Every object in the YAML <paramref name="text"/> (one or more documents) from <paramref name="source"/>.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Parse(string text, string source)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(text, strict: true);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
        {
            throw new ManifestProblem($"{source}: {e.Message}{(e.InnerException is { } inner ? ": " + inner.Message : "")}");
        }
        var typed = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var item in objects)
        {
            if (item is not IKubernetesObject<V1ObjectMeta> entity)
            {
                throw new ManifestProblem($"{source}: {item?.GetType().Name ?? "an empty document"} is not a Kubernetes object with metadata");
            }
            if (string.IsNullOrEmpty(entity.ApiVersion) || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(entity.Metadata?.Name))
            {
                throw new ManifestProblem($"{source}: an object lacks apiVersion, kind or metadata.name");
            }
            typed.Add(entity);
        }
        return typed;
    }

    /// <summary>Every object of the *.yaml files in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> ParseFolder(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Parse(File.ReadAllText(f), f))];

    /// <summary>The object as JSON, for comparing two sources of the same object.</summary>
    public static string Json(IKubernetesObject<V1ObjectMeta> item) => KubernetesJson.Serialize(item);
}

/// <summary>A manifest that Kubernetes would refuse or that breaks a rule of the deployment.</summary>
public sealed class ManifestProblem(string message) : Exception(message);
