using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Capsule.Hosting.Telemetry;

/// <summary>
/// Prometheus's scrape endpoint on a Kestrel listener of its own (<c>--metrics-listen</c>): that
/// port serves <c>GET /metrics</c> and 404 for anything else, and the app's port never serves
/// metrics. Kestrel binds any address (<c>0.0.0.0</c>, <c>[::]</c>), unlike HttpListener's prefixes.
/// </summary>
public sealed class MetricsListener
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    private ListenOptions? _bound;

    /// <summary>A listener for <paramref name="requested"/> (port 0: Kestrel picks one when it starts).</summary>
    public MetricsListener(IPEndPoint requested) => Requested = requested;

    /// <summary>The address asked for.</summary>
    public IPEndPoint Requested { get; }

    /// <summary>The scrape URL once Kestrel has bound the port (its real port when 0 was asked); null before.</summary>
    public Uri? Url => _bound?.EndPoint is IPEndPoint bound && bound.Port != 0 ? new Uri($"http://{HostText(bound.Address)}:{bound.Port}{Path}") : null;

    /// <summary>Adds the listener to Kestrel, after the app's (so a bind failure names this address last).</summary>
    public void Listen(KestrelServerOptions kestrel) => kestrel.Listen(Requested, options => _bound = options);

    /// <summary>
    /// Whether <paramref name="message"/> (Kestrel's "Failed to bind to address http://HOST:PORT: ...")
    /// is about this listener rather than the app's.
    /// </summary>
    public bool IsAbout(string message) => message.Contains($"http://{Requested}:", StringComparison.Ordinal);

    /// <summary>Puts the scrape branch in front of <paramref name="web"/>'s pipeline: every request on this listener's port ends there.</summary>
    public void Map(WebApplication web) => web.MapWhen(OnThisListener, branch =>
    {
        branch.UseOpenTelemetryPrometheusScrapingEndpoint();
        branch.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    });

    private bool OnThisListener(HttpContext context)
    {
        if (_bound?.EndPoint is not IPEndPoint bound || context.Connection.LocalPort != bound.Port)
        {
            return false;
        }
        // Same port on another address is the app's listener (--listen 127.0.0.1:P --metrics-listen 127.0.0.2:P).
        return bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any)
            || (context.Connection.LocalIpAddress is { } local && (local.Equals(bound.Address) || (local.IsIPv4MappedToIPv6 && local.MapToIPv4().Equals(bound.Address))));
    }

    private static string HostText(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
