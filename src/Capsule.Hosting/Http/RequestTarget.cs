using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Capsule.Hosting.Http;

/// <summary>
/// The request's path and query as the client sent them. Kestrel's
/// <see cref="HttpRequest.Path"/> is percent-decoded and dot-normalized;
/// Spin routes on the raw path and hands it on raw (spin-path-info,
/// spin-path-match-*, spin-full-url, the guest's path-with-query), and so does Capsule.
/// </summary>
internal static class RequestTarget
{
    /// <summary>The raw path and query, e.g. <c>/u/..%2f/z?x=1</c>.</summary>
    public static string PathAndQuery(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (raw.StartsWith('/'))
        {
            return raw;
        }
        // Absolute form (GET http://host/path HTTP/1.1): the part after the authority.
        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var path = raw.IndexOfAny(['/', '?'], scheme + 3);
            return path < 0 ? "/" : raw[path] == '?' ? "/" + raw[path..] : raw[path..];
        }
        return $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
    }

    /// <summary>The raw path, without the query.</summary>
    public static string Path(HttpContext context)
    {
        var target = PathAndQuery(context);
        var query = target.IndexOf('?');
        return query < 0 ? target : target[..query];
    }

    /// <summary>
    /// <paramref name="path"/> below <paramref name="basePath"/> ("/shop/cart" below "/shop" is "/cart",
    /// "/shop" is "/"), or null when it is not below it; "" is the root.
    /// </summary>
    public static string? Below(string path, string basePath)
    {
        if (basePath.Length == 0)
        {
            return path;
        }
        if (!path.StartsWith(basePath, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var rest = path[basePath.Length..];
        return rest.Length == 0 ? "/" : rest[0] == '/' ? rest : null;
    }
}
