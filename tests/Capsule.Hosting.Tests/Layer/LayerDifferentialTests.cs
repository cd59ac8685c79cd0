using System.Net;

namespace Capsule.Hosting.Tests.Layer;

/// <summary>
/// The HTTP test guests served on both layers in the same test (issue 21, "two paths, one oracle"): the component
/// C API's answer is the reference; the component layer's must have the same status, headers and body.
/// </summary>
public sealed class LayerDifferentialTests(LayerFixture layers) : IClassFixture<LayerFixture>
{
    [Fact]
    public Task Minimal_wat_guest_answers_the_same() => SameAnswer("http-hello.wasm", "/any/path?x=1");

    [Fact]
    public Task Js_example_answers_the_same() => SameAnswer("hello-js.component.wasm", "/greet");

    [Fact]
    public Task Js_guest_streaming_1_MiB_answers_the_same() => SameAnswer("probe-js.component.wasm", "/?do=stream&kib=1024");

    [Fact]
    public Task Js_guest_status_and_header_are_the_same() => SameAnswer("probe-js.component.wasm", "/?do=status&code=202&h=x-test:yes");

    [Fact]
    public Task Js_guest_echoes_a_posted_body_the_same() =>
        SameAnswer("probe-js.component.wasm", "/?do=echo", () => new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(new string('z', 200_000))));

    /// <summary>A kept instance (WarmInstance on a CoreSession) serves request after request, as a kept instance of the C API does.</summary>
    [Fact]
    public async Task Reused_wat_instance_answers_request_after_request_on_both()
    {
        foreach (var (hosting, layer) in new[] { (layers.Wasmtime, LayerFixture.Off), (layers.Core, (string?)null) })
        {
            await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("warm", "http-hello.wasm") + "\ninstance_reuse = true\n");
            LayerFixture.AssertLayer(app, "warm", layer);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("hello from wat\n", await app.Client.GetStringAsync($"/again/{i}"));
            }
        }
    }

    [Fact]
    public Task Trapping_guest_answers_500_on_both() => SameAnswer("http-trap.wasm", "/");

    [Fact]
    public Task Guest_without_a_response_answers_500_on_both() => SameAnswer("http-noresponse.wasm", "/");

    [Fact]
    public async Task Looping_guest_times_out_504_on_both()
    {
        foreach (var (hosting, onCore) in new[] { (layers.Wasmtime, false), (layers.Core, true) })
        {
            var manifest = TestManifests.SingleComponent("loop", "http-loop.wasm") + "\nlimits = { timeout = \"1s\" }\n";
            await using var app = await TestApp.Start(hosting, manifest);
            LayerFixture.AssertLayer(app, "loop", onCore ? null : LayerFixture.Off);
            using var response = await app.Client.GetAsync("/");
            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, $"{response.StatusCode}: {string.Join("\n", app.Logs.Lines)}");
            await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=loop route=/... cause=timeout after 1s", StringComparison.Ordinal));
        }
    }

    private async Task SameAnswer(string guest, string path, Func<HttpContent>? body = null, string? fallsBack = null)
    {
        var reference = await Answer(layers.Wasmtime, guest, path, body, LayerFixture.Off);
        var answer = await Answer(layers.Core, guest, path, body, fallsBack);
        Assert.True(reference.Status == answer.Status, $"{reference.Status} on the C API, {answer.Status} on the layer: {answer.Log}");
        Assert.Equal(reference.Headers, answer.Headers);
        Assert.Equal(reference.Body, answer.Body);
    }

    private static async Task<(HttpStatusCode Status, string Headers, byte[] Body, string Log)> Answer(HostingFixture hosting, string guest, string path, Func<HttpContent>? body, string? fallsBack)
    {
        await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("guest", guest));
        LayerFixture.AssertLayer(app, "guest", fallsBack);
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path) { Content = body?.Invoke() };
        using var response = await app.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Date differs between two answers; everything else the guest or the host set must not.
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return (response.StatusCode, headers, bytes, string.Join("\n", app.Logs.Lines.Where(l => l.Contains("failed", StringComparison.Ordinal))));
    }
}
