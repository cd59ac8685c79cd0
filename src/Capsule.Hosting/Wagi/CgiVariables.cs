using System.Globalization;
using Capsule.Hosting.Http;
using Capsule.Hosting.Routing;
using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Wagi;

/// <summary>
/// A WAGI request's CGI environment, Spin's set and values: <c>build_headers</c> in
/// <c>spinframework/spin</c> <c>crates/http/src/wagi/mod.rs</c> (RFC 3875's variables, <c>HTTP_*</c>
/// for each header but Authorization and Connection), then <c>compute_default_headers</c> in
/// <c>crates/trigger-http/src/headers.rs</c> (the <c>X_*</c> names of the spin-* headers), which
/// overrides <c>PATH_INFO</c> with the undecoded path after the route (<c>PATH_TRANSLATED</c> keeps
/// the decoded one). One difference, on purpose: <c>CONTENT_TYPE</c> is the request's Content-Type
/// as RFC 3875 4.1.3 says (Spin looks up a header named <c>CONTENT_TYPE</c> and so always sends "").
/// </summary>
internal static class CgiVariables
{
    /// <summary>The variables for a request that matched <paramref name="match"/>, whose body is <paramref name="contentLength"/> bytes.</summary>
    public static List<KeyValuePair<string, string>> For(HttpContext context, RouteMatch<ServedComponent> match, long contentLength)
    {
        var request = context.Request;
        var pattern = match.Pattern;
        var (host, port) = HostAndPort(request);
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var pathAndQuery = RequestTarget.PathAndQuery(context);
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            var key = "HTTP_" + name.ToUpperInvariant().Replace('-', '_');
            if (key is not ("HTTP_AUTHORIZATION" or "HTTP_CONNECTION"))
            {
                variables[key] = string.Join(", ", values.ToArray());
            }
        }
        variables["AUTH_TYPE"] = "";
        variables["CONTENT_LENGTH"] = contentLength.ToString(CultureInfo.InvariantCulture);
        variables["CONTENT_TYPE"] = request.ContentType ?? "";
        variables["GATEWAY_INTERFACE"] = "CGI/1.1";
        variables["QUERY_STRING"] = query;
        variables["REMOTE_ADDR"] = client;
        variables["REMOTE_HOST"] = client;
        variables["REMOTE_USER"] = "";
        variables["REQUEST_METHOD"] = request.Method;
        variables["SCRIPT_NAME"] = pattern.Prefix;
        variables["X_RAW_PATH_INFO"] = match.PathInfo;
        variables["PATH_TRANSLATED"] = Uri.UnescapeDataString(match.PathInfo);
        variables["SERVER_NAME"] = host;
        variables["SERVER_PORT"] = port;
        variables["SERVER_PROTOCOL"] = request.Protocol;
        variables["SERVER_SOFTWARE"] = "WAGI/1";
        // compute_default_headers: the spin-* values under their WAGI names.
        variables["PATH_INFO"] = match.PathInfo;
        variables["X_FULL_URL"] = $"{request.Scheme}://{request.Host}{pathAndQuery}";
        variables["X_MATCHED_ROUTE"] = pattern.Matched;
        variables["X_BASE_PATH"] = "/";
        variables["X_RAW_COMPONENT_ROUTE"] = pattern.Raw;
        variables["X_COMPONENT_ROUTE"] = pattern.Prefix;
        variables["X_CLIENT_ADDR"] = $"{client}:{context.Connection.RemotePort}";
        foreach (var (name, value) in match.Captures)
        {
            variables["X_PATH_MATCH_" + name.ToUpperInvariant()] = value;
        }
        return [.. variables];
    }

    /// <summary>
    /// Spin's argv: its template (<c>"${SCRIPT_NAME} ${ARGS}"</c> by default) with the request path
    /// for SCRIPT_NAME and the query, '&amp;' turned to spaces, for ARGS, split at each space.
    /// </summary>
    public static string[] Argv(string template, HttpContext context)
    {
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
        var path = RequestTarget.PathAndQuery(context);
        var queryAt = path.IndexOf('?', StringComparison.Ordinal);
        var scriptName = queryAt < 0 ? path : path[..queryAt];
        return template.Replace("${SCRIPT_NAME}", scriptName, StringComparison.Ordinal)
            .Replace("${ARGS}", query.Replace('&', ' '), StringComparison.Ordinal)
            .Split(' ');
    }

    // Spin's parse_host_header_uri: the Host header's name and port, "80" when it names none.
    private static (string Host, string Port) HostAndPort(HttpRequest request)
    {
        var host = request.Host;
        return (host.Host is { Length: > 0 } name ? name : "localhost", host.Port?.ToString(CultureInfo.InvariantCulture) ?? "80");
    }
}
