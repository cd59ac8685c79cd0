using System.Net;
using System.Text.Json;

namespace Capsule.Hosting.Tests;

/// <summary>capsule up end to end: real Kestrel on 127.0.0.1, real guests, real sockets.</summary>
public sealed class ServeTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static string ProbeApp(params (string Route, string Component)[] routes) =>
        $$"""
        [application]
        name = "probe"

        {{string.Join("\n", routes.Select(r => $"[[trigger.http]]\nroute = \"{r.Route}\"\ncomponent = \"{r.Component}\"\n"))}}

        [component.probe]
        {{TestManifests.Source("probe-js.component.wasm")}}

        [component.other]
        {{TestManifests.Source("probe-js.component.wasm")}}
        """;

    [Fact]
    public async Task Example_app_answers_with_its_greeting()
    {
        var manifest = TestManifests.SingleComponent("hello", "hello-js.component.wasm");
        await using var app = await TestApp.Start(hosting, manifest);
        var response = await app.Client.GetAsync("/greet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello from js: GET /greet\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("componentize-js", response.Headers.GetValues("x-guest").Single());
        await app.Logs.WaitFor(l => l.StartsWith("Information: GET /greet 200 ", StringComparison.Ordinal) && l.Contains(" component=hello cpu=", StringComparison.Ordinal));
    }

    /// <summary>
    /// Spin lets a trigger write its component inline; the component gets
    /// Spin's generated id ("&lt;trigger id&gt;-component"), which the logs show.
    /// </summary>
    [Fact]
    public async Task Inline_components_are_served_under_spins_generated_ids()
    {
        var manifest = $$"""
            spin_manifest_version = 2

            [application]
            name = "inline"

            [[trigger.http]]
            route = "/wat/..."
            component = { {{TestManifests.Source("http-hello.wasm")}} }

            [[trigger.http]]
            id = "api"
            route = "/api/..."
            executor = { type = "http" }
            component = { {{TestManifests.Source("probe-js.component.wasm")}} }
            """;
        await using var app = await TestApp.Start(hosting, manifest);

        Assert.Equal("hello from wat\n", await app.Client.GetStringAsync("/wat/x"));
        using var probe = await app.Client.GetAsync("/api/x?do=status&code=202");
        Assert.Equal(HttpStatusCode.Accepted, probe.StatusCode);
        await app.Logs.WaitFor(l => l.StartsWith("Information: GET /wat/x 200 ", StringComparison.Ordinal) && l.Contains(" component=http-trigger1-component cpu=", StringComparison.Ordinal));
        await app.Logs.WaitFor(l => l.StartsWith("Information: GET /api/x 202 ", StringComparison.Ordinal) && l.Contains(" component=api-component cpu=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Minimal_hand_written_wat_guest_answers()
    {
        var manifest = TestManifests.SingleComponent("wat", "http-hello.wasm");
        await using var app = await TestApp.Start(hosting, manifest);
        for (var i = 0; i < 3; i++)
        {
            var response = await app.Client.GetAsync($"/any/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello from wat\n", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Status_and_headers_round_trip()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/...", "probe")));
        var response = await app.Client.GetAsync("/x?do=status&code=418&h=x-custom:teapot");
        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("teapot", response.Headers.GetValues("x-custom").Single());
        Assert.Equal("status 418\n", await response.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(HttpMethod.Put, "/y?do=headers");
        request.Headers.Add("x-from-client", "42");
        var seen = await ReadJson(await app.Client.SendAsync(request));
        Assert.Equal("PUT", seen.GetProperty("method").GetString());
        Assert.Equal("42", seen.GetProperty("headers").GetProperty("x-from-client").GetString());
    }

    /// <summary>
    /// Header values are bytes in wasi:http: a byte 0x80-0xFF (HTTP's
    /// obs-text) reaches the guest and the client unchanged, both ways.
    /// </summary>
    [Fact]
    public async Task Header_bytes_beyond_ascii_pass_unchanged_both_ways()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/...", "probe")));

        var reply = await RawExchange(app, "GET /?do=headers HTTP/1.0\r\nx-b: caf\u00e9\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", reply, StringComparison.Ordinal);
        var json = JsonDocument.Parse(System.Text.Encoding.Latin1.GetBytes(reply[(reply.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]));
        Assert.Equal("caf\u00e9", json.RootElement.GetProperty("headers").GetProperty("x-b").GetString());

        // The probe sets the header from the query: JavaScript turns "é" into the byte 0xE9.
        var echoed = await RawExchange(app, "GET /?do=status&code=200&h=x-a:%C3%A9 HTTP/1.0\r\n\r\n");
        Assert.Contains("\r\nx-a: \u00e9\r\n", echoed, StringComparison.Ordinal);
    }

    // One HTTP/1.0 exchange over a socket, bytes read and written as Latin-1 (one byte, one char).
    private static async Task<string> RawExchange(TestApp app, string request)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(request.Replace("HTTP/1.0\r\n", $"HTTP/1.0\r\nHost: {app.BaseAddress.Authority}\r\n", StringComparison.Ordinal)));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(30));
        return System.Text.Encoding.Latin1.GetString(received.ToArray());
    }

    [Fact]
    public async Task Unknown_route_is_404()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/only", "probe")));
        var response = await app.Client.GetAsync("/other");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/cart", "exact")]
    [InlineData("/cart/checkout", "exact-deeper")]
    [InlineData("/users/42", "by-id")]
    [InlineData("/users/42/orders", "user-rest")]
    [InlineData("/api/anything/at/all", "api")]
    [InlineData("/api", "api")]
    [InlineData("/elsewhere", "fallback")]
    public async Task The_most_specific_route_wins(string path, string expectedRoute)
    {
        var routes = new Dictionary<string, string>
        {
            ["exact"] = "/cart",
            ["exact-deeper"] = "/cart/checkout",
            ["by-id"] = "/users/:id",
            ["user-rest"] = "/users/:id/...",
            ["api"] = "/api/...",
            ["fallback"] = "/...",
        };
        await using var app = await TestApp.Start(hosting, ProbeApp([.. routes.Values.Select(r => (r, "probe"))]));
        var seen = await ReadJson(await app.Client.GetAsync(path + "?do=headers"));
        Assert.Equal(routes[expectedRoute], seen.GetProperty("headers").GetProperty("spin-matched-route").GetString());
    }

    [Fact]
    public async Task Spin_headers_carry_spins_values()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/api/...", "probe"), ("/users/:user_id", "probe")));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/items?do=headers");
        request.Headers.Add("spin-path-info", "/forged");
        var headers = (await ReadJson(await app.Client.SendAsync(request))).GetProperty("headers");
        Assert.Equal($"{app.BaseAddress.ToString().TrimEnd('/')}/api/v1/items?do=headers", headers.GetProperty("spin-full-url").GetString());
        Assert.Equal("/v1/items", headers.GetProperty("spin-path-info").GetString());
        Assert.Equal("/api/...", headers.GetProperty("spin-matched-route").GetString());
        Assert.Equal("/api/...", headers.GetProperty("spin-raw-component-route").GetString());
        Assert.Equal("/api", headers.GetProperty("spin-component-route").GetString());
        Assert.Equal("/", headers.GetProperty("spin-base-path").GetString());
        Assert.Matches(@"^127\.0\.0\.1:\d+$", headers.GetProperty("spin-client-addr").GetString());
        var spinHeaders = headers.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("spin-", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["spin-base-path", "spin-client-addr", "spin-component-route", "spin-full-url", "spin-matched-route", "spin-path-info", "spin-raw-component-route"], spinHeaders);

        var trailingSlash = (await ReadJson(await app.Client.GetAsync("/api/?do=headers"))).GetProperty("headers");
        Assert.Equal("/", trailingSlash.GetProperty("spin-path-info").GetString());

        var user = (await ReadJson(await app.Client.GetAsync("/users/ada?do=headers"))).GetProperty("headers");
        Assert.Equal("ada", user.GetProperty("spin-path-match-user-id").GetString());
        Assert.Equal("", user.GetProperty("spin-path-info").GetString());
        Assert.Equal("/users/:user_id", user.GetProperty("spin-component-route").GetString());
    }

    /// <summary>
    /// Spin routes on the path as sent and passes captures and path-info
    /// undecoded (routefinder slices the raw path): "..%2f" must not reach a
    /// guest as "../", which a guest joining it to a folder would follow.
    /// </summary>
    [Fact]
    public async Task Captures_and_path_info_are_passed_raw_as_spin_does()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/u/:id/...", "probe")));
        var raw = "/u/..%2f..%2f/z%20y/%2e%2e?do=headers";
        var uri = new Uri(app.BaseAddress.ToString().TrimEnd('/') + raw, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        var headers = (await ReadJson(await app.Client.GetAsync(uri))).GetProperty("headers");

        Assert.Equal("..%2f..%2f", headers.GetProperty("spin-path-match-id").GetString());
        Assert.Equal("/z%20y/%2e%2e", headers.GetProperty("spin-path-info").GetString());
        Assert.Equal(app.BaseAddress.ToString().TrimEnd('/') + raw, headers.GetProperty("spin-full-url").GetString());
    }

    [Fact]
    public async Task Catch_all_route_reports_an_empty_component_route_as_spin_does()
    {
        await using var app = await TestApp.Start(hosting, ProbeApp(("/...", "probe")));
        var root = (await ReadJson(await app.Client.GetAsync("/?do=headers"))).GetProperty("headers");
        Assert.Equal("", root.GetProperty("spin-component-route").GetString());
        Assert.Equal("/", root.GetProperty("spin-path-info").GetString());
        var deep = (await ReadJson(await app.Client.GetAsync("/a/b?do=headers"))).GetProperty("headers");
        Assert.Equal("/a/b", deep.GetProperty("spin-path-info").GetString());
        Assert.Equal("/...", deep.GetProperty("spin-matched-route").GetString());
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
