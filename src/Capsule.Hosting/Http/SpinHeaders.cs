using Capsule.Hosting.Routing;
using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Http;

/// <summary>
/// The extra request headers Spin gives a component, with Spin's values, so
/// handlers written for Spin work unchanged. Client-sent spin-* headers are
/// dropped first: a client must not be able to forge them.
/// </summary>
public static class SpinHeaders
{
    /// <summary>The prefix every Spin header shares.</summary>
    public const string Prefix = "spin-";

    /// <summary>
    /// The spin-* headers for a request that matched <paramref name="match"/>; <paramref name="basePath"/>
    /// is the path the app is served under ("" at the root, e.g. "/shop" under <c>MapCapsuleApp</c>).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> For(HttpContext context, RouteMatch<ServedComponent> match, string clientAddress, string basePath = "")
    {
        var pattern = match.Pattern;
        yield return new("spin-full-url", $"{context.Request.Scheme}://{context.Request.Host}{RequestTarget.PathAndQuery(context)}");
        yield return new("spin-path-info", match.PathInfo);
        yield return new("spin-matched-route", pattern.Matched);
        yield return new("spin-raw-component-route", pattern.Raw);
        yield return new("spin-component-route", pattern.Prefix);
        yield return new("spin-base-path", basePath.Length == 0 ? "/" : basePath);
        yield return new("spin-client-addr", clientAddress);
        foreach (var (name, value) in match.Captures)
        {
            yield return new(RoutePattern.HeaderName(name), value);
        }
    }
}
