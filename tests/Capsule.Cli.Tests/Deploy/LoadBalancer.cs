using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// A YARP reverse proxy on a free loopback port, round-robin over replicas of one app.
/// A replica leaves rotation on its first failed forward (passive check) and while its
/// /.well-known/spin/health does not answer 200 (active check, every second). Each
/// response names the replica that served it in <see cref="ReplicaHeader"/>.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    /// <summary>The response header naming the replica (its key in the constructor's map).</summary>
    public const string ReplicaHeader = "X-Capsule-Replica";

    private readonly WebApplication _web;

    private LoadBalancer(WebApplication web, Uri address)
    {
        _web = web;
        Address = address;
    }

    /// <summary>Where clients reach the app.</summary>
    public Uri Address { get; }

    /// <summary>Starts a balancer over <paramref name="replicas"/> (name → base address).</summary>
    public static async Task<LoadBalancer> Start(IReadOnlyDictionary<string, Uri> replicas)
    {
        var cluster = new ClusterConfig
        {
            ClusterId = "replicas",
            LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
            Destinations = replicas.ToDictionary(r => r.Key, r => new DestinationConfig { Address = r.Value.ToString() }),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    // Generous: a probe slowed by a busy machine must not drop a live replica; a dead one refuses at once.
                    Timeout = TimeSpan.FromSeconds(5),
                    // Out after 2 failed probes in a row (YARP's default threshold).
                    Policy = "ConsecutiveFailures",
                    Path = "/.well-known/spin/health",
                },
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = FirstFailurePolicy.PolicyName, ReactivationPeriod = TimeSpan.FromSeconds(30) },
            },
        };
        var route = new RouteConfig { RouteId = "all", ClusterId = cluster.ClusterId, Match = new RouteMatch { Path = "{**rest}" } };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, FirstFailurePolicy>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory([route], [cluster])
            .AddTransforms(context => context.AddResponseTransform(transform =>
            {
                var destination = transform.HttpContext.GetReverseProxyFeature().ProxiedDestination;
                transform.HttpContext.Response.Headers[ReplicaHeader] = destination?.DestinationId;
                return ValueTask.CompletedTask;
            }));
        var web = builder.Build();
        web.MapReverseProxy();
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoadBalancer(web, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    /// <summary>
    /// A replica that failed one forward (refused, reset, timed out) is out of rotation until the
    /// reactivation period ends and the active check finds it healthy again. YARP's own passive
    /// policy waits for a failure rate over a window, which lets a dead replica fail many requests first.
    /// The rotation is updated here, before the failed request ends: YARP's updater does it on a
    /// pool thread, and on a busy machine requests kept going to the dead replica meanwhile (13 failed with 8 in flight).
    /// </summary>
    private sealed class FirstFailurePolicy(IDestinationHealthUpdater health, IClusterDestinationsUpdater rotation) : IPassiveHealthCheckPolicy
    {
        public const string PolicyName = "FirstFailure";

        public string Name => PolicyName;

        public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
        {
            if (context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is not null)
            {
                health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, cluster.Model.Config.HealthCheck!.Passive!.ReactivationPeriod!.Value);
                rotation.UpdateAvailableDestinations(cluster);
            }
        }
    }
}
