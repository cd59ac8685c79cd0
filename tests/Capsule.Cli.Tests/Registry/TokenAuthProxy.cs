using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A registry front that asks for Bearer tokens, as ghcr.io and Docker Hub do: /v2/ requests
/// without <c>Bearer</c> + the token get 401 with a challenge naming the token realm (/token on
/// this proxy), which hands out the token for the right Basic credential only. Authorized requests
/// are passed to the real registry behind it. Records the scopes asked for.
/// </summary>
public sealed class TokenAuthProxy : IDisposable
{
    private const string Token = "token-for-ada";
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new HttpClientHandler { AllowAutoRedirect = false });
    private readonly string _registry;
    private readonly Task _loop;

    public TokenAuthProxy(string registry, string user, string password)
    {
        _registry = registry;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Address = $"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        _listener.Prefixes.Add($"http://{Address}/");
        _listener.Start();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Handle(context, basic));
            }
        });
    }

    /// <summary>host:port to put in references.</summary>
    public string Address { get; }

    /// <summary>The scope of every token request, in order.</summary>
    public List<string> Scopes { get; } = [];

    private async Task Handle(HttpListenerContext context, string basic)
    {
        var request = context.Request;
        var response = context.Response;
        // One response per connection: HttpListener ends a body-less answer to HEAD with a
        // chunked "0" terminator that a reused connection then reads as the next status line
        // ("invalid status line: '0'", 1 push in 4).
        response.KeepAlive = false;
        try
        {
            if (request.Url!.AbsolutePath == "/token")
            {
                lock (Scopes)
                {
                    Scopes.Add(request.QueryString["scope"] ?? "");
                }
                response.StatusCode = request.Headers["Authorization"] == basic ? 200 : 401;
                await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(response.StatusCode == 200 ? $$"""{"token":"{{Token}}"}""" : "{}"));
                return;
            }
            if (request.Headers["Authorization"] != $"Bearer {Token}")
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://{Address}/token\",service=\"capsule-test\"");
                return;
            }
            using var forwarded = new HttpRequestMessage(new HttpMethod(request.HttpMethod), $"http://{_registry}{request.Url.PathAndQuery}");
            if (request.HasEntityBody)
            {
                using var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body);
                forwarded.Content = new ByteArrayContent(body.ToArray());
                if (request.ContentType is { } type)
                {
                    forwarded.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
                }
            }
            foreach (var accept in request.AcceptTypes ?? [])
            {
                forwarded.Headers.Accept.ParseAdd(accept);
            }
            using var answer = await _upstream.SendAsync(forwarded);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (name is "Content-Length" or "Transfer-Encoding" or "Connection")
                {
                    continue;
                }
                response.AddHeader(name, string.Join(",", values).Replace(_registry, Address, StringComparison.Ordinal));
            }
            await answer.Content.CopyToAsync(response.OutputStream);
        }
        finally
        {
            response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _upstream.Dispose();
    }
}
