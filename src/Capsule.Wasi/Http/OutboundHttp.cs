using System.Net;
using System.Net.Sockets;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http/outgoing-handler over HttpClient. A request goes out only if
/// its scheme, host and port match the component's allowed outbound hosts;
/// otherwise it fails with <c>HTTP-request-denied</c> before any connection
/// is opened. One client per process (connection pooling); thread-safe.
/// Every phase has a timeout (the guest's <c>request-options</c>, else
/// <see cref="DefaultTimeouts"/>), and the whole exchange ends with the run
/// that started it (its deadline, its cancellation, or its end).
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    /// <summary>
    /// Defaults when the guest sets no request-options: connect 30 s, first
    /// byte 60 s, between bytes 60 s. Wasmtime's wasi-http uses 600 s for each;
    /// Capsule stops a silent server sooner, and a request's own deadline
    /// (30 s by default under <c>capsule up</c>) comes first anyway.
    /// </summary>
    public static OutboundTimeouts DefaultTimeouts { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));

    private static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeoutKey = new("capsule.connect-timeout");

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = Connect,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Checks <paramref name="request"/> against <paramref name="allowed"/>,
    /// then starts sending it; the task yields the response once its headers arrive.
    /// </summary>
    public Task<IncomingResponse> Send(OutgoingRequest request, RequestOptions? options, IReadOnlyList<AllowedHost> allowed, CancellationToken runEnded = default)
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
        return SendAllowed(request, uri, OutboundTimeouts.From(options, DefaultTimeouts), runEnded);
    }

    private async Task<IncomingResponse> SendAllowed(OutgoingRequest request, Uri uri, OutboundTimeouts timeouts, CancellationToken runEnded)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        using var call = OutboundTelemetry.Start(message);
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
        call.Propagate(message);
        message.Options.Set(ConnectTimeoutKey, timeouts.Connect);
        // The first byte is awaited from the start (connecting included, under its own limit).
        using var firstByte = CancellationTokenSource.CreateLinkedTokenSource(runEnded);
        firstByte.CancelAfter(timeouts.FirstByte);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, firstByte.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!runEnded.IsCancellationRequested)
        {
            throw new HttpErrorException(new HttpErrorCode("connection-read-timeout"));
        }
        catch (OperationCanceledException)
        {
            throw new HttpErrorException(HttpErrorCode.Internal("the request's run ended (deadline or cancelled)"));
        }
        catch (HttpRequestException e) when (e.InnerException is HttpErrorException connect)
        {
            throw connect;
        }
        catch (HttpRequestException e)
        {
            throw new HttpErrorException(MapFailure(e));
        }
        call.Answered((int)response.StatusCode);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !Fields.Forbidden.Contains(h.Key.ToLowerInvariant()))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, byte[]>(h.Key, System.Text.Encoding.Latin1.GetBytes(v))));
        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return new IncomingResponse((int)response.StatusCode, Fields.FromHost(headers), new IncomingBody(new PacedReadStream(body, timeouts.BetweenBytes, runEnded)));
    }

    // Opens each new connection within the request's connect timeout (pooled connections skip this).
    private static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var limit = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeoutKey, out var given) ? given : DefaultTimeouts.Connect;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(limit);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            socket.Dispose();
            throw new HttpErrorException(new HttpErrorCode("connection-timeout"));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
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
