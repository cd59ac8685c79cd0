using System.Text.Json;
using Capsule.Runtime.Running;

namespace Capsule.Plugins.Extism;

/// <summary>
/// Extism's <c>http_request</c>: the request is JSON (<c>{"url", "method", "headers"}</c>) with an optional
/// body; the host must match one of the manifest's <c>allowed_hosts</c> (none by default), the response body
/// is bounded by <c>max_http_response_bytes</c>, and the call's deadline bounds the whole exchange.
/// Redirects are not followed (a redirect could lead to a host the list does not allow): the plugin sees
/// the 3xx status. Every refusal throws <see cref="ExtismHostException"/>, which traps the call, as in Extism.
/// </summary>
internal static class ExtismHttp
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Sends the request <paramref name="requestJson"/>; returns the status and body.</summary>
    public static (int Status, byte[] Body) Send(ReadOnlySpan<byte> requestJson, byte[]? body, ExtismManifest manifest, RunDeadline deadline)
    {
        var (url, method, headers) = ParseRequest(requestJson);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ExtismHostException($"Invalid URL: {url}");
        }
        if (!manifest.AllowedHosts.Any(pattern => HostGlob.Matches(pattern, uri.IdnHost)))
        {
            throw new ExtismHostException($"HTTP request to {url} is not allowed");
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        var exchange = Exchange(request, manifest.Memory.MaxHttpResponseBytes, deadline.Token);
        deadline.Wait(exchange);
        if (exchange.IsFaulted)
        {
            var cause = exchange.Exception!.InnerException ?? exchange.Exception;
            throw new ExtismHostException(cause is ExtismHostException ? cause.Message : $"HTTP request to {url} failed: {cause.Message}");
        }
        if (exchange.IsCanceled)
        {
            throw deadline.Stopped();
        }
        return exchange.Result;
    }

    private static async Task<(int, byte[])> Exchange(HttpRequestMessage request, long maxBytes, CancellationToken cancel)
    {
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new ExtismHostException($"HTTP response exceeds the configured maximum number of bytes: {maxBytes}");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ExtismHostException($"HTTP response exceeds the configured maximum number of bytes: {maxBytes}");
            }
            buffer.Write(chunk, 0, read);
        }
        return ((int)response.StatusCode, buffer.ToArray());
    }

    private static (string Url, string Method, List<KeyValuePair<string, string>> Headers) ParseRequest(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var url = root.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new JsonException("'url' is missing");
            var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "GET";
            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                headers.AddRange(h.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ToString())));
            }
            return (url, method, headers);
        }
        catch (JsonException e)
        {
            throw new ExtismHostException($"http_request: the request is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>A host function of the Extism kernel refused a guest's request; the call traps with this message.</summary>
internal sealed class ExtismHostException(string message) : Exception(message);

/// <summary>Extism's <c>allowed_hosts</c> patterns: <c>*</c> matches any characters, <c>?</c> one; case-insensitive, as host names are.</summary>
internal static class HostGlob
{
    /// <summary>Whether <paramref name="host"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string host)
    {
        int p = 0, h = 0, star = -1, resume = 0;
        while (h < host.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(host[h])))
            {
                p++;
                h++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = h;
            }
            else if (star >= 0)
            {
                p = star + 1;
                h = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
