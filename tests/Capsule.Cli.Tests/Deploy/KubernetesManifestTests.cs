using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes and the Helm chart, checked offline: every object parses strictly
/// into the typed Kubernetes objects (schema), the deployment's rules hold
/// (<see cref="ClusterRules"/>), and the chart renders the very same objects.
/// </summary>
public sealed class KubernetesManifestTests : IDisposable
{
    private static readonly string ManifestFolder = Path.Combine(Guests.RepoRoot, "deploy", "kubernetes");
    private readonly TempDir _temp = new();

    [Fact]
    public void The_manifests_are_valid_objects_and_hold_the_deployments_rules()
    {
        var objects = KubernetesObjects.ParseFolder(ManifestFolder);
        Assert.Equal(
            ["ConfigMap capsule-runtime-config", "Deployment capsule", "Deployment capsule-redis", "HorizontalPodAutoscaler capsule", "Service capsule", "Service capsule-redis"],
            objects.Select(o => $"{o.Kind} {o.Metadata.Name}").Order(StringComparer.Ordinal));
        Assert.Empty(ClusterRules.Problems(objects));
    }

    [Theory]
    [InlineData("containerPort: 3000", "containerPortt: 3000", "containerPortt")]
    [InlineData("containerPort: 3000", "containerPort: three-thousand", "three-thousand")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem is not set")]
    [InlineData("path: /.well-known/spin/health\n              port: http\n            periodSeconds: 5", "path: /healthz\n              port: http\n            periodSeconds: 5", "readiness and liveness must ask /.well-known/spin/health")]
    [InlineData("name: capsule-runtime-config", "name: capsule-runtime-configuration", "ConfigMap capsule-runtime-configuration, which is not defined")]
    public void A_broken_manifest_is_refused_naming_the_cause(string from, string to, string expected)
    {
        var broken = _temp.Combine("kubernetes");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.EnumerateFiles(ManifestFolder, "*.yaml"))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }
        var deployment = Path.Combine(broken, "capsule-deployment.yaml");
        var text = File.ReadAllText(deployment);
        Assert.Contains(from, text);
        File.WriteAllText(deployment, text.Replace(from, to, StringComparison.Ordinal));

        string problems;
        try
        {
            problems = string.Join('\n', ClusterRules.Problems(KubernetesObjects.ParseFolder(broken)));
        }
        catch (ManifestProblem e)
        {
            problems = e.Message;
        }
        Assert.Contains(expected, problems);
    }

    [Fact]
    public void The_helm_chart_renders_the_same_objects_as_the_manifests()
    {
        var chart = HelmChart.Objects("capsule").ToDictionary(o => $"{o.Kind} {o.Metadata.Name}", KubernetesObjects.Json);
        var plain = KubernetesObjects.ParseFolder(ManifestFolder).ToDictionary(o => $"{o.Kind} {o.Metadata.Name}", KubernetesObjects.Json);
        Assert.Equal(plain.Keys.Order(StringComparer.Ordinal), chart.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, json) in plain)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(chart[name])), $"{name} differs:\nmanifest {json}\nchart    {chart[name]}");
        }
    }

    [Fact]
    public void The_helm_chart_holds_the_rules_under_another_release_name_and_without_its_redis_or_autoscaler()
    {
        var named = HelmChart.Objects("shop");
        Assert.Contains(named, o => o.Kind == "Deployment" && o.Metadata.Name == "shop-capsule");
        Assert.Empty(ClusterRules.Problems(named));

        var bare = HelmChart.Objects("capsule", values =>
        {
            values["redis"]!["enabled"] = false;
            values["autoscaling"]!["enabled"] = false;
            values["replicaCount"] = 3;
            values["runtimeConfig"] = "[key_value_store.default]\ntype = \"redis\"\nurl = \"redis://redis.example:6379\"\n";
        });
        Assert.DoesNotContain(bare, o => o.Kind == "HorizontalPodAutoscaler" || o.Metadata.Name == "capsule-redis");
        Assert.Equal(3, bare.OfType<k8s.Models.V1Deployment>().Single().Spec.Replicas);
        // The runtime config now names a Redis outside the chart: the only rule that no longer holds.
        Assert.Equal(
            ["ConfigMap capsule-runtime-config runtime-config.toml: key_value_store.default names redis.example:6379, which is no Service here"],
            ClusterRules.Problems(bare));
    }

    public void Dispose() => _temp.Dispose();
}
