using System.Net;
using System.Text;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Spin's WAGI executor end to end: a C module built with wasi-libc (tests/guests/c/wagi.c)
/// served by real Kestrel, its request in CGI variables and stdin, its CGI response streamed.
/// </summary>
public sealed class WagiTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static string Manifest(string extraTrigger = "", string extraComponent = "") => $$"""
        spin_manifest_version = 2

        [application]
        name = "wagi"

        [[trigger.http]]
        route = "/wagi/..."
        component = "cgi"
        executor = { type = "wagi" }
        {{extraTrigger}}

        [component.cgi]
        {{TestManifests.Source("wagi.wasm")}}
        files = [{ source = "data", destination = "/data" }]
        environment = { GREETING = "hi" }
        {{extraComponent}}
        """;

    [Fact]
    public async Task Echo_returns_the_body_with_its_type_and_length()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        using var response = await app.Client.PostAsync("/wagi/echo", new StringContent("ping pong", Encoding.UTF8, "text/x-ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ping pong", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/x-ping; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("9", response.Headers.GetValues("X-Content-Length").Single());
    }

    [Fact]
    public async Task Status_header_sets_the_status()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        using var response = await app.Client.GetAsync("/wagi/status");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("short and stout\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Status"));
    }

    [Fact]
    public async Task Location_without_a_status_is_a_302_redirect()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

        using var response = await client.GetAsync("/wagi/redirect");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/wagi/target", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Files_mounted_from_the_manifest_are_readable_and_nothing_outside()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        Assert.Equal("hello from a file\n", await app.Client.GetStringAsync("/wagi/file"));
        using var escape = await app.Client.GetAsync("/wagi/escape");
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public async Task Argv_is_spins_script_name_and_args()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        var args = await app.Client.GetStringAsync("/wagi/args?a=1&b=2");

        Assert.Equal("/wagi/args\na=1\nb=2\n", args);
    }

    /// <summary>
    /// The CGI variable set, checked name by name against Spin's: <c>build_headers</c> in
    /// spinframework/spin crates/http/src/wagi/mod.rs (commit 94a8fc8a) and the X_ names of
    /// <c>compute_default_headers</c> in crates/trigger-http/src/headers.rs, plus HTTP_* per header.
    /// </summary>
    [Fact]
    public async Task Cgi_variables_are_spins_set_with_spins_values()
    {
        string[] spinNames =
        [
            "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "GATEWAY_INTERFACE", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING",
            "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
            "SERVER_PROTOCOL", "SERVER_SOFTWARE", "X_BASE_PATH", "X_CLIENT_ADDR", "X_COMPONENT_ROUTE", "X_FULL_URL",
            "X_MATCHED_ROUTE", "X_RAW_COMPONENT_ROUTE", "X_RAW_PATH_INFO",
        ];
        await using var app = await WagiApp.Start(hosting, Manifest());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wagi/env?x=%20&y=2");
        request.Headers.Add("X-Custom-Thing", "yes");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret");

        using var response = await app.Client.SendAsync(request);
        var variables = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        var port = app.Client.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cgi = variables.Keys.Where(k => !k.StartsWith("HTTP_", StringComparison.Ordinal) && k != "GREETING").Order(StringComparer.Ordinal);
        Assert.Equal(spinNames, cgi);
        Assert.Equal("hi", variables["GREETING"]);
        Assert.Equal("GET", variables["REQUEST_METHOD"]);
        Assert.Equal("/env", variables["PATH_INFO"]);
        Assert.Equal("/wagi", variables["SCRIPT_NAME"]);
        Assert.Equal("x=%20&y=2", variables["QUERY_STRING"]);
        Assert.Equal("0", variables["CONTENT_LENGTH"]);
        Assert.Equal("127.0.0.1", variables["SERVER_NAME"]);
        Assert.Equal(port, variables["SERVER_PORT"]);
        Assert.Equal("HTTP/1.1", variables["SERVER_PROTOCOL"]);
        Assert.Equal("CGI/1.1", variables["GATEWAY_INTERFACE"]);
        Assert.Equal($"http://127.0.0.1:{port}/wagi/env?x=%20&y=2", variables["X_FULL_URL"]);
        Assert.Equal("/wagi/...", variables["X_RAW_COMPONENT_ROUTE"]);
        Assert.Equal("/wagi", variables["X_COMPONENT_ROUTE"]);
        Assert.Equal("/wagi/...", variables["X_MATCHED_ROUTE"]);
        Assert.Equal("/", variables["X_BASE_PATH"]);
        Assert.StartsWith("127.0.0.1:", variables["X_CLIENT_ADDR"], StringComparison.Ordinal);
        Assert.Equal("yes", variables["HTTP_X_CUSTOM_THING"]);
        Assert.Equal($"127.0.0.1:{port}", variables["HTTP_HOST"]);
        Assert.False(variables.ContainsKey("HTTP_AUTHORIZATION"), "RFC 3875 4.1.18: credentials are not passed");
    }

    [Fact]
    public async Task A_large_body_streams_whole()
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        var body = await app.Client.GetByteArrayAsync("/wagi/big");

        Assert.Equal(4 * 1024 * 1024, body.Length);
        Assert.All(body, b => Assert.Equal((byte)'w', b));
    }

    [Theory]
    [InlineData("/wagi/exit", "cause=exit 7")]
    [InlineData("/wagi/malformed", "malformed CGI header line 'this is not a header'")]
    [InlineData("/wagi/nothing", "the module wrote nothing to stdout")]
    public async Task A_failed_module_is_a_500_with_the_reason_logged(string path, string reason)
    {
        await using var app = await WagiApp.Start(hosting, Manifest());

        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await app.Logs.WaitFor(l => l.Contains("request failed: component=cgi route=/wagi/...", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        // The host keeps serving.
        Assert.Equal("hello\n", await app.Client.GetStringAsync("/wagi/hello"));
    }

    [Fact]
    public async Task A_module_past_its_timeout_is_stopped()
    {
        await using var app = await WagiApp.Start(hosting, Manifest(extraComponent: "limits = { timeout = \"1s\" }"));

        using var response = await app.Client.GetAsync("/wagi/loop");

        // The head was sent before the loop: the only signal left is a cut connection, or 504 if it had not gone out.
        await app.Logs.WaitFor(l => l.Contains("cause=timeout after 1s", StringComparison.Ordinal));
        Assert.Equal("hello\n", await app.Client.GetStringAsync("/wagi/hello"));
    }

    [Fact]
    public async Task A_custom_entrypoint_and_argv_are_used()
    {
        var manifest = Manifest().Replace("executor = { type = \"wagi\" }", "executor = { type = \"wagi\", entrypoint = \"_start\", argv = \"prog ${ARGS} tail\" }");
        await using var app = await WagiApp.Start(hosting, manifest);

        Assert.Equal("prog\nq=1\ntail\n", await app.Client.GetStringAsync("/wagi/args?q=1"));
    }

    [Theory]
    [InlineData("executor = { type = \"wagi\", entrypoint = \"serve\" }", "component.cgi.source: exports no function 'serve' (the wagi entrypoint; it exports memory, _start)")]
    [InlineData("executor = { type = \"wagi\", other = 1 }", "trigger.http[0].executor.other: unknown key (expected one of: type, entrypoint, argv)")]
    [InlineData("executor = { type = \"cgi\" }", "trigger.http[0].executor.type: unsupported executor \"cgi\" (expected \"http\", for wasi:http components, or \"wagi\", for WASI preview 1 modules)")]
    public async Task A_bad_wagi_trigger_is_refused_at_start_up(string executor, string expected)
    {
        var error = await Assert.ThrowsAsync<ManifestException>(() =>
            WagiApp.Start(hosting, Manifest().Replace("executor = { type = \"wagi\" }", executor)));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_component_under_the_wagi_executor_is_refused()
    {
        var manifest = Manifest().Replace(TestManifests.Source("wagi.wasm"), TestManifests.Source("http-hello.wasm"));

        var error = await Assert.ThrowsAsync<ManifestException>(() => WagiApp.Start(hosting, manifest));

        Assert.EndsWith("is a component; the wagi executor runs WASI preview 1 core modules (use executor \"http\" for components)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An app folder with data/hello.txt, served like <see cref="TestApp"/>.</summary>
    private sealed class WagiApp : IAsyncDisposable
    {
        private readonly TempDir _dir = new();
        private WebApplication? _web;
        private LoadedApp? _app;

        public LogCapture Logs { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public static async Task<WagiApp> Start(HostingFixture hosting, string manifest)
        {
            var test = new WagiApp();
            Directory.CreateDirectory(test._dir.Combine("data"));
            await File.WriteAllTextAsync(test._dir.Combine("data", "hello.txt"), "hello from a file\n");
            var path = test._dir.Combine("spin.toml");
            await File.WriteAllTextAsync(path, manifest);
            try
            {
                test._app = hosting.Factory.Load(path, new AppLoadOptions { StateDirectory = test._dir.Combine(".capsule") });
                test._web = hosting.Factory.Serve(test._app, new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)), logging => logging.AddProvider(test.Logs));
                await test._web.StartAsync();
            }
            catch
            {
                await test.DisposeAsync();
                throw;
            }
            var address = test._web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            test.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
            return test;
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (_web is not null)
            {
                await _web.StopAsync();
                await _web.DisposeAsync();
            }
            _app?.Dispose();
            _dir.Dispose();
        }
    }
}
