using System.Text;
using Capsule.Hosting.Routing;
using Capsule.Wasi.Http;
using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Http;

/// <summary>
/// Turns a Kestrel request into the wasi:http incoming-request a guest sees.
/// The body streams, never buffered; the headers (with the spin-* ones) are
/// translated when the guest first reads them, during the request.
/// </summary>
internal static class RequestTranslator
{
    public static IncomingRequest ToIncoming(HttpContext context, RouteMatch<ServedComponent> match, Stream body, string basePath = "")
    {
        var request = context.Request;
        return new IncomingRequest(
            request.Method,
            RequestTarget.PathAndQuery(context),
            request.Scheme,
            request.Host.Value,
            Fields.FromHostWhenRead(() => Headers(context, match, basePath)),
            new IncomingBody(body));
    }

    private static List<KeyValuePair<string, byte[]>> Headers(HttpContext context, RouteMatch<ServedComponent> match, string basePath)
    {
        var request = context.Request;
        var client = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var headers = new List<KeyValuePair<string, byte[]>>();
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(SpinHeaders.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                headers.Add(new(name, Encoding.Latin1.GetBytes(value ?? "")));
            }
        }
        headers.AddRange(SpinHeaders.For(context, match, client, basePath).Select(h => new KeyValuePair<string, byte[]>(h.Key, Encoding.UTF8.GetBytes(h.Value))));
        return headers;
    }
}
