using System.Net;
using System.Net.Sockets;
using Capsule.Runtime.Grants;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http/outgoing-handler over HttpClient. A request goes out only if
/// its scheme, host and port match the component's allowed outbound hosts;
/// otherwise it fails with <c>HTTP-request-denied</c> before any connection
/// is opened. One client per process (connection pooling); thread-safe.
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Checks <paramref name="request"/> against <paramref name="allowed"/>,
    /// then starts sending it; the task yields the response once its headers arrive.
    /// </summary>
    public Task<IncomingResponse> Send(OutgoingRequest request, RequestOptions? options, IReadOnlyList<AllowedHost> allowed)
    {
        Uri uri;
        try
        {
            uri = TargetOf(request);
        }
        catch (HttpErrorException e)
        {
            request.CompleteUntakenBody();
            return Task.FromException<IncomingResponse>(e);
        }
        if (!allowed.Any(a => a.Matches(uri)))
        {
            request.CompleteUntakenBody();
            return Task.FromException<IncomingResponse>(new HttpErrorException(HttpErrorCode.RequestDenied));
        }
        return SendAllowed(request, uri, options);
    }

    private async Task<IncomingResponse> SendAllowed(OutgoingRequest request, Uri uri, RequestOptions? options)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        request.CompleteUntakenBody();
        var content = new StreamContent(request.BodyReader.AsStream());
        foreach (var (name, value) in request.Headers.Entries())
        {
            var text = System.Text.Encoding.Latin1.GetString(value);
            if (!message.Headers.TryAddWithoutValidation(name, text))
            {
                content.Headers.TryAddWithoutValidation(name, text);
            }
        }
        if (request.BodyTaken || content.Headers.ContentLength is > 0)
        {
            message.Content = content;
        }
        using var timeout = new CancellationTokenSource();
        if (options?.FirstByteTimeout is { } nanos)
        {
            timeout.CancelAfter(TimeSpan.FromTicks((long)(nanos / 100)));
        }
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new HttpErrorException(new HttpErrorCode("HTTP-response-timeout"));
        }
        catch (HttpRequestException e)
        {
            throw new HttpErrorException(MapFailure(e));
        }
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !Fields.Forbidden.Contains(h.Key.ToLowerInvariant()))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, byte[]>(h.Key, System.Text.Encoding.Latin1.GetBytes(v))));
        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return new IncomingResponse((int)response.StatusCode, Fields.FromHost(headers), new IncomingBody(body));
    }

    private static Uri TargetOf(OutgoingRequest request)
    {
        var scheme = request.Scheme ?? "https";
        var authority = request.Authority ?? throw new HttpErrorException(new HttpErrorCode("HTTP-request-URI-invalid"));
        var path = string.IsNullOrEmpty(request.PathWithQuery) ? "/" : request.PathWithQuery;
        return Uri.TryCreate($"{scheme}://{authority}{path}", UriKind.Absolute, out var uri)
            ? uri
            : throw new HttpErrorException(new HttpErrorCode("HTTP-request-URI-invalid"));
    }

    private static HttpErrorCode MapFailure(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new("connection-refused"),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => new("DNS-error"),
        SocketException { SocketErrorCode: SocketError.TimedOut } => new("connection-timeout"),
        System.Security.Authentication.AuthenticationException => new("TLS-protocol-error"),
        _ => e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new("DNS-error"),
            HttpRequestError.ConnectionError => new("connection-refused"),
            HttpRequestError.SecureConnectionError => new("TLS-protocol-error"),
            HttpRequestError.ResponseEnded => new("HTTP-response-incomplete"),
            _ => HttpErrorCode.Internal(e.Message),
        },
    };

    /// <summary>Closes pooled connections.</summary>
    public void Dispose() => _client.Dispose();
}
