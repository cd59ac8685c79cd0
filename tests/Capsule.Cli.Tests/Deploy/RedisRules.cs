using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// What keeps the shipped Redis private: every Secret a container reads exists with its key,
/// Redis runs with <c>--requirepass</c> from a Secret, the runtime config's <c>${NAME}</c>
/// references are set from a Secret in the capsule container, and a NetworkPolicy admits
/// only the capsule pods, on port 6379 only.
/// </summary>
public static partial class RedisRules
{
    private const int RedisPort = 6379;

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    /// <summary>Adds every broken rule of <paramref name="objects"/> to <paramref name="problems"/>.</summary>
    public static void Check(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, List<string> problems)
    {
        var secrets = objects.OfType<V1Secret>().ToList();
        var deployments = objects.OfType<V1Deployment>().ToList();
        foreach (var deployment in deployments)
        {
            foreach (var container in deployment.Spec.Template.Spec.Containers)
            {
                var where = $"Deployment {deployment.Metadata.Name} container {container.Name}";
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.ValueFrom?.SecretKeyRef is { } secretRef && !HasKey(secrets, secretRef.Name, secretRef.Key))
                    {
                        problems.Add($"{where}: env {variable.Name} reads key {secretRef.Key} of Secret {secretRef.Name}, which is not defined");
                    }
                }
                if (container.Name == "redis")
                {
                    CheckRedis(where, deployment, container, deployments, objects.OfType<V1NetworkPolicy>().ToList(), problems);
                }
            }
        }
    }

    /// <summary>
    /// The runtime config <paramref name="text"/> with each <c>${NAME}</c> filled in with a stand-in
    /// when the capsule container sets NAME from a Secret; a problem for each that it does not set.
    /// </summary>
    public static string FillInSecrets(string text, string where, IReadOnlyList<V1Deployment> deployments, List<string> problems)
    {
        var fromSecrets = deployments.SelectMany(d => d.Spec.Template.Spec.Containers).Where(c => c.Name == "capsule")
            .SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.Name).ToHashSet();
        return Reference().Replace(text, match =>
        {
            if (!fromSecrets.Contains(match.Groups[1].Value))
            {
                problems.Add($"{where}: names ${{{match.Groups[1].Value}}}, which the capsule container does not set from a Secret");
            }
            return "stand-in";
        });
    }

    private static void CheckRedis(string where, V1Deployment redis, V1Container container, List<V1Deployment> deployments, List<V1NetworkPolicy> policies, List<string> problems)
    {
        var args = container.Args ?? [];
        var password = args.SkipWhile(a => a != "--requirepass").Skip(1).FirstOrDefault();
        var secretVariables = (container.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => $"$({e.Name})");
        if (password is null || !secretVariables.Contains(password))
        {
            problems.Add($"{where}: --requirepass must be $(VAR) with VAR set from a Secret");
        }
        var pods = redis.Spec.Template.Metadata.Labels;
        var guarding = policies.Where(p => Selects(p.Spec.PodSelector?.MatchLabels, pods) && (p.Spec.PolicyTypes?.Contains("Ingress") ?? false)).ToList();
        if (guarding.Count == 0)
        {
            problems.Add($"Deployment {redis.Metadata.Name}: no NetworkPolicy limits who reaches its pods");
            return;
        }
        var servers = deployments.Where(d => d.Spec.Template.Spec.Containers.Any(c => c.Name == "capsule")).Select(d => d.Spec.Template.Metadata.Labels).ToList();
        foreach (var policy in guarding)
        {
            foreach (var rule in policy.Spec.Ingress ?? [])
            {
                var peers = rule.FromProperty ?? [];
                if (peers.Count == 0 || peers.Any(p => p.IpBlock is not null || p.NamespaceSelector is not null || !servers.Any(s => Selects(p.PodSelector?.MatchLabels, s))))
                {
                    problems.Add($"NetworkPolicy {policy.Metadata.Name}: admits more than the capsule pods");
                }
                if (rule.Ports is not { Count: > 0 } || rule.Ports.Any(p => p.Port?.Value != RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    problems.Add($"NetworkPolicy {policy.Metadata.Name}: admits more ports than {RedisPort}");
                }
            }
        }
    }

    private static bool HasKey(List<V1Secret> secrets, string name, string key) =>
        secrets.Any(s => s.Metadata.Name == name && ((s.StringData?.ContainsKey(key) ?? false) || (s.Data?.ContainsKey(key) ?? false)));

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
