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
            ["ConfigMap capsule-runtime-config", "Deployment capsule", "Deployment capsule-redis", "HorizontalPodAutoscaler capsule", "NetworkPolicy capsule-redis", "Secret capsule-redis", "Service capsule", "Service capsule-redis"],
            objects.Select(o => $"{o.Kind} {o.Metadata.Name}").Order(StringComparer.Ordinal));
        Assert.Empty(ClusterRules.Problems(objects));

        // Redis asks for the Secret's password; capsule gets it from the same Secret, never from the ConfigMap.
        var redis = objects.OfType<k8s.Models.V1Deployment>().Single(d => d.Metadata.Name == "capsule-redis").Spec.Template.Spec.Containers.Single();
        Assert.Equal(["--requirepass", "$(REDISCLI_AUTH)"], redis.Args.SkipWhile(a => a != "--requirepass"));
        Assert.Equal("capsule-redis", redis.Env.Single(e => e.Name == "REDISCLI_AUTH").ValueFrom.SecretKeyRef.Name);
        var capsule = objects.OfType<k8s.Models.V1Deployment>().Single(d => d.Metadata.Name == "capsule").Spec.Template.Spec.Containers.Single();
        Assert.Equal("capsule-redis", capsule.Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.Equal(["--memory-budget", "768MiB"], capsule.Args.SkipWhile(a => a != "--memory-budget"));
        // Prometheus's pod discovery scrapes the metrics port, on every interface, at /metrics.
        var server = objects.OfType<k8s.Models.V1Deployment>().Single(d => d.Metadata.Name == "capsule").Spec.Template;
        Assert.Equal("0.0.0.0:9464", capsule.Args.SkipWhile(a => a != "--metrics-listen").ElementAt(1));
        Assert.Equal("9464", server.Metadata.Annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", server.Metadata.Annotations["prometheus.io/path"]);
        Assert.Equal(9464, capsule.Ports.Single(p => p.Name == "metrics").ContainerPort);
        var secret = objects.OfType<k8s.Models.V1Secret>().Single();
        Assert.Contains("url = \"redis://:${REDIS_PASSWORD}@capsule-redis:6379\"", objects.OfType<k8s.Models.V1ConfigMap>().Single().Data["runtime-config.toml"]);
        Assert.DoesNotContain(secret.StringData["password"], objects.OfType<k8s.Models.V1ConfigMap>().Single().Data["runtime-config.toml"]);

        // Only the capsule pods reach Redis, on 6379 only.
        var policy = objects.OfType<k8s.Models.V1NetworkPolicy>().Single();
        Assert.Equal("redis", redis.Name);
        Assert.Equal("redis", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var rule = Assert.Single(policy.Spec.Ingress);
        Assert.Equal("server", Assert.Single(rule.FromProperty).PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("6379", Assert.Single(rule.Ports).Port.Value);
    }

    [Theory]
    [InlineData("redis-deployment.yaml", "- $(REDISCLI_AUTH)", "- hunter2", "--requirepass must be $(VAR) with VAR set from a Secret")]
    [InlineData("redis-secret.yaml", "password: replace", "passwd: replace", "env REDISCLI_AUTH reads key password of Secret capsule-redis, which is not defined")]
    [InlineData("capsule-runtime-config.yaml", "${REDIS_PASSWORD}", "${REDIS_PASS}", "names ${REDIS_PASS}, which the capsule container does not set from a Secret")]
    [InlineData("redis-network-policy.yaml", "- Ingress", "- Egress", "Deployment capsule-redis: no NetworkPolicy limits who reaches its pods")]
    [InlineData("redis-network-policy.yaml", "component: server", "component: web", "NetworkPolicy capsule-redis: admits more than the capsule pods")]
    [InlineData("redis-network-policy.yaml", "port: 6379", "port: 6380", "NetworkPolicy capsule-redis: admits more ports than 6379")]
    public void A_redis_left_open_is_refused_naming_the_cause(string file, string from, string to, string expected) =>
        Assert.Contains(expected, ProblemsAfter(file, from, to));

    [Theory]
    [InlineData("containerPort: 3000", "containerPortt: 3000", "containerPortt")]
    [InlineData("containerPort: 3000", "containerPort: three-thousand", "three-thousand")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem is not set")]
    [InlineData("path: /.well-known/spin/health\n              port: http\n            periodSeconds: 5", "path: /healthz\n              port: http\n            periodSeconds: 5", "readiness and liveness must ask /.well-known/spin/health")]
    [InlineData("name: capsule-runtime-config", "name: capsule-runtime-configuration", "ConfigMap capsule-runtime-configuration, which is not defined")]
    public void A_broken_manifest_is_refused_naming_the_cause(string from, string to, string expected) =>
        Assert.Contains(expected, ProblemsAfter("capsule-deployment.yaml", from, to));

    // The manifests' problems once `from` is replaced by `to` in a copy of `file`.
    private string ProblemsAfter(string fileName, string from, string to)
    {
        var broken = _temp.Combine("kubernetes");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.EnumerateFiles(ManifestFolder, "*.yaml"))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }
        var edited = Path.Combine(broken, fileName);
        var text = File.ReadAllText(edited);
        Assert.Contains(from, text);
        File.WriteAllText(edited, text.Replace(from, to, StringComparison.Ordinal));

        string problems;
        try
        {
            problems = string.Join('\n', ClusterRules.Problems(KubernetesObjects.ParseFolder(broken)));
        }
        catch (ManifestProblem e)
        {
            problems = e.Message;
        }
        return problems;
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
        var named = HelmChart.Objects("shop", values => values["redis"]!["password"] = "s3cret-from-values");
        Assert.Contains(named, o => o.Kind == "Deployment" && o.Metadata.Name == "shop-capsule");
        Assert.Empty(ClusterRules.Problems(named));
        Assert.Equal("s3cret-from-values", named.OfType<k8s.Models.V1Secret>().Single(s => s.Metadata.Name == "shop-capsule-redis").StringData["password"]);
        Assert.DoesNotContain("s3cret-from-values", named.OfType<k8s.Models.V1ConfigMap>().Single().Data["runtime-config.toml"]);

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
