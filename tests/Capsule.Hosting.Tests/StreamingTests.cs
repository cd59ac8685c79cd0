using System.Net;
using System.Security.Cryptography;
using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>Bodies stream both ways: nothing is buffered whole, and limits answer 413 and 431.</summary>
public sealed class StreamingTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private const int TenMiB = 10 * 1024 * 1024;

    private static readonly string Manifest = TestManifests.SingleComponent("probe", "probe-js.component.wasm");

    [Fact]
    public Task Uploaded_10_MiB_body_is_echoed_intact() => EchoesIntact(TenMiB);

    /// <summary>
    /// componentize-js subscribes to the request body for every read and never
    /// drops those pollables: with one table entry each, about 80 MB filled a
    /// store's 10,000 handles and trapped the guest. A stream's pollable is
    /// now one shared entry, so a body near the 100 MiB limit goes through.
    /// </summary>
    [Fact]
    public Task Uploaded_90_MiB_body_is_echoed_intact_although_the_guest_never_drops_its_pollables() => EchoesIntact(90 * 1024 * 1024);

    private async Task EchoesIntact(int size)
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        var payload = RandomNumberGenerator.GetBytes(size);

        // A raw HTTP/1.0 exchange, so the echo is read while the upload is
        // still going (HttpClient finishes sending before it reads, and
        // backpressure rightly stalls a client that does not read).
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /?do=echo HTTP/1.0\r\nHost: {app.BaseAddress.Authority}\r\nContent-Length: {payload.Length}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var upload = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(payload.AsMemory(offset, Math.Min(64 * 1024, payload.Length - offset)));
            }
        });
        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(60));
        await upload;

        var bytes = received.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var status = System.Text.Encoding.ASCII.GetString(bytes, 0, split).Split("\r\n")[0];
        Assert.Equal("HTTP/1.1 200 OK", status);
        var echoed = bytes[(split + 4)..];
        Assert.Equal(payload.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
    }

    [Fact]
    public async Task Streamed_10_MiB_response_starts_arriving_before_the_guest_has_written_it_all()
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        using var response = await app.Client.GetAsync("/?do=stream&kib=10240&ms=0", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = await body.ReadAsync(buffer);
        Assert.True(total > 0);

        // The first bytes are here; a host that buffered the body would only
        // have sent them after the guest handed over its last chunk. Pausing
        // the client gives such a host every chance to finish: 10 MiB is more
        // than the pipe and the loopback socket buffers hold, so a streaming
        // host keeps the guest waiting instead. (With 512 KiB, which those
        // buffers do hold, this assertion fails, as it should.)
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("streamed 10240 KiB", StringComparison.Ordinal));

        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        Assert.Equal(TenMiB, total);
        await app.Logs.WaitFor(line => line.Contains("streamed 10240 KiB", StringComparison.Ordinal));
    }

    /// <summary>
    /// The same guest with a timer between chunks polls the timer and the
    /// body stream at once (two borrowed pollables in one call, which
    /// Wasmtime 50.0.1 could not lift with concurrency support on): the whole
    /// body arrives, and the guest waited on its timer between chunks.
    /// </summary>
    [Fact]
    public async Task Streaming_with_a_timer_pending_delivers_the_whole_body()
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await app.Client.GetAsync("/?do=stream&kib=256&ms=50");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(256 * 1024, body.Length);
        // Four chunks of 64 KiB with a 50 ms timer between them.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(150), $"took {started.Elapsed}");
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("request failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        await using var app = await TestApp.Start(hosting, Manifest, new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)) { MaxRequestBodyBytes = 1024 });
        // Expect: 100-continue, as clients send large uploads: the 413 comes back
        // before any of the body is sent (without it, a client still writing
        // may see the connection closed under it instead of the answer).
        var request = new HttpRequestMessage(HttpMethod.Post, "/?do=echo") { Content = new ByteArrayContent(new byte[4096]) };
        request.Headers.ExpectContinue = true;
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var ok = await app.Client.PostAsync("/?do=echo", new ByteArrayContent(new byte[512]));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_431()
    {
        await using var app = await TestApp.Start(hosting, Manifest, new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)) { MaxRequestHeadersBytes = 4096 });
        var request = new HttpRequestMessage(HttpMethod.Get, "/?do=headers");
        request.Headers.Add("x-big", new string('a', 8192));
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

}
