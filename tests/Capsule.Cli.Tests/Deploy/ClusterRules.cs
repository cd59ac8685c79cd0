using Capsule.Hosting.Services.RuntimeConfig;
using k8s;
using k8s.Models;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// What a Capsule deployment must hold beyond the schema: objects that refer to one
/// another exist (selectors, named ports, volumes, ConfigMaps, the autoscaler's
/// target, the Redis the runtime config names, the Redis rules of <see cref="RedisRules"/>), containers are locked down
/// (non-root, read-only root, no capabilities, no privilege escalation, resources),
/// and Capsule is probed on its health route.
/// </summary>
public static class ClusterRules
{
    private const string HealthPath = "/.well-known/spin/health";

    /// <summary>Every broken rule of <paramref name="objects"/>, one line each; empty when all hold.</summary>
    public static List<string> Problems(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var problems = new List<string>();
        foreach (var twin in objects.GroupBy(o => (o.Kind, o.Metadata.Name)).Where(g => g.Count() > 1))
        {
            problems.Add($"{twin.Key.Kind} {twin.Key.Name} is defined {twin.Count()} times");
        }
        var deployments = objects.OfType<V1Deployment>().ToList();
        var configMaps = objects.OfType<V1ConfigMap>().ToList();
        var services = objects.OfType<V1Service>().ToList();
        foreach (var deployment in deployments)
        {
            CheckDeployment(deployment, configMaps, problems);
        }
        foreach (var service in services)
        {
            var target = deployments.FirstOrDefault(d => Selects(service.Spec.Selector, d.Spec.Template.Metadata.Labels));
            if (target is null)
            {
                problems.Add($"Service {service.Metadata.Name} selects no Deployment's pods");
                continue;
            }
            var ports = target.Spec.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).ToList();
            foreach (var port in service.Spec.Ports)
            {
                if (!ports.Any(p => p.Name == port.TargetPort?.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port.TargetPort?.Value))
                {
                    problems.Add($"Service {service.Metadata.Name} port {port.Name}: target port {port.TargetPort?.Value} is not a port of Deployment {target.Metadata.Name}");
                }
            }
        }
        foreach (var autoscaler in objects.OfType<V2HorizontalPodAutoscaler>())
        {
            var target = autoscaler.Spec.ScaleTargetRef;
            if (!deployments.Any(d => target.Kind == "Deployment" && d.Metadata.Name == target.Name))
            {
                problems.Add($"HorizontalPodAutoscaler {autoscaler.Metadata.Name} scales {target.Kind} {target.Name}, which is not defined");
            }
            if (autoscaler.Spec.MinReplicas is not { } min || min < 1 || min > autoscaler.Spec.MaxReplicas)
            {
                problems.Add($"HorizontalPodAutoscaler {autoscaler.Metadata.Name}: minReplicas must be 1 to maxReplicas");
            }
        }
        foreach (var configMap in configMaps)
        {
            CheckRuntimeConfig(configMap, services, deployments, problems);
        }
        RedisRules.Check(objects, problems);
        return problems;
    }

    private static void CheckDeployment(V1Deployment deployment, List<V1ConfigMap> configMaps, List<string> problems)
    {
        var name = $"Deployment {deployment.Metadata.Name}";
        var pod = deployment.Spec.Template.Spec;
        if (!Selects(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels))
        {
            problems.Add($"{name}: its selector does not match its pods' labels");
        }
        var volumes = (pod.Volumes ?? []).ToDictionary(v => v.Name);
        foreach (var volume in volumes.Values.Where(v => v.ConfigMap is not null && !configMaps.Any(c => c.Metadata.Name == v.ConfigMap.Name)))
        {
            problems.Add($"{name}: volume {volume.Name} mounts ConfigMap {volume.ConfigMap.Name}, which is not defined");
        }
        foreach (var container in pod.Containers)
        {
            var where = $"{name} container {container.Name}";
            var security = container.SecurityContext;
            if (security?.RunAsNonRoot != true && pod.SecurityContext?.RunAsNonRoot != true)
            {
                problems.Add($"{where}: runAsNonRoot is not set");
            }
            if (security?.ReadOnlyRootFilesystem != true)
            {
                problems.Add($"{where}: readOnlyRootFilesystem is not set");
            }
            if (security?.AllowPrivilegeEscalation != false)
            {
                problems.Add($"{where}: allowPrivilegeEscalation is not false");
            }
            if (security?.Capabilities?.Drop?.Contains("ALL") != true)
            {
                problems.Add($"{where}: capabilities are not all dropped");
            }
            if (container.Resources?.Requests is null || container.Resources?.Limits?.ContainsKey("memory") != true)
            {
                problems.Add($"{where}: resource requests and a memory limit are needed");
            }
            if (container.ReadinessProbe is null || container.LivenessProbe is null)
            {
                problems.Add($"{where}: readiness and liveness probes are needed");
            }
            foreach (var mount in container.VolumeMounts ?? [])
            {
                if (!volumes.ContainsKey(mount.Name))
                {
                    problems.Add($"{where}: mounts volume {mount.Name}, which the pod does not define");
                }
            }
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                var port = probe?.HttpGet?.Port.Value ?? probe?.TcpSocket?.Port.Value;
                if (port is not null && !(container.Ports ?? []).Any(p => p.Name == port || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port))
                {
                    problems.Add($"{where}: a probe asks port {port}, which the container does not open");
                }
            }
            if (container.Name == "capsule")
            {
                CheckCapsule(where, container, volumes, problems);
            }
        }
    }

    // Ready means the app is loaded; the state folder must be in a writable volume, as the root file system is read-only.
    private static void CheckCapsule(string where, V1Container container, Dictionary<string, V1Volume> volumes, List<string> problems)
    {
        if (container.ReadinessProbe?.HttpGet?.Path != HealthPath || container.LivenessProbe?.HttpGet?.Path != HealthPath)
        {
            problems.Add($"{where}: readiness and liveness must ask {HealthPath}");
        }
        var args = container.Args ?? [];
        var stateDir = args.SkipWhile(a => a != "--state-dir").Skip(1).FirstOrDefault();
        var writable = (container.VolumeMounts ?? []).Where(m => m.ReadOnlyProperty != true && volumes.TryGetValue(m.Name, out var v) && v.EmptyDir is not null);
        if (stateDir is null || !writable.Any(m => stateDir.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal)))
        {
            problems.Add($"{where}: --state-dir must name a folder inside a writable emptyDir mount");
        }
    }

    // A runtime config's Redis must be a Service of the same deployment.
    private static void CheckRuntimeConfig(V1ConfigMap configMap, List<V1Service> services, List<V1Deployment> deployments, List<string> problems)
    {
        foreach (var (key, text) in configMap.Data ?? new Dictionary<string, string>())
        {
            if (!key.EndsWith(".toml", StringComparison.Ordinal))
            {
                continue;
            }
            var file = Path.Combine(Path.GetTempPath(), $"capsule-runtime-config-{Guid.NewGuid():N}.toml");
            try
            {
                File.WriteAllText(file, RedisRules.FillInSecrets(text, $"ConfigMap {configMap.Metadata.Name} {key}", deployments, problems));
                var config = RuntimeConfigFile.Load(file, $"ConfigMap {configMap.Metadata.Name} {key}");
                foreach (var (label, store) in config.KeyValueStores)
                {
                    if (store is KeyValueStoreConfig.Redis { Address: var address }
                        && !services.Any(s => s.Metadata.Name == address.Host && s.Spec.Ports.Any(p => p.Port == address.Port)))
                    {
                        problems.Add($"ConfigMap {configMap.Metadata.Name} {key}: key_value_store.{label} names {address.Host}:{address.Port}, which is no Service here");
                    }
                }
            }
            catch (Capsule.Runtime.Configuration.ManifestException e)
            {
                problems.Add(e.Message);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
