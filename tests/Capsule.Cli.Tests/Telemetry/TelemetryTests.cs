using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>
/// capsule up's OpenTelemetry through real collectors: an OTLP/HTTP receiver gets the request's spans
/// (continuing the caller's traceparent, with instantiate, handler and outbound children), the
/// outbound server gets the trace id, a real Prometheus scrapes --metrics-listen, and the access
/// line's guest CPU time matches the CPU the process really used.
/// </summary>
public sealed partial class TelemetryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Spans_continue_the_callers_trace_and_traceparent_reaches_the_outbound_server()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        using var receiver = new OtlpReceiver();
        using var outbound = new RecordingHttpServer();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), TestManifests.SingleComponent("fetcher", "fetch-js.component.wasm")
            + $"\nallowed_outbound_hosts = [\"http://127.0.0.1:{outbound.Port}\"]\n");
        var start = CapsuleProcess.StartInfo(cache.Path, ["up", app.Path, "--listen", "127.0.0.1:0", "--otlp-endpoint", receiver.Endpoint.ToString()]);
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        start.Environment["OTEL_SERVICE_NAME"] = "capsule-under-test";
        using var served = await Serving(new RunningCapsule(Process.Start(start)!), "fetcher");

        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string callerSpan = "00f067aa0ba902b7";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/fetch?url=http://127.0.0.1:{outbound.Port}/callee");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await served.Client.SendAsync(request);
        Assert.Equal("fetched 200: ok", await response.Content.ReadAsStringAsync());

        var spans = await receiver.WaitFor(s => s.Count(x => x.TraceId == traceId) >= 4, Wait);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var root = Assert.Single(trace, s => s.ParentSpanId == callerSpan);
        Assert.Equal("GET /...", root.Name);
        Assert.Equal("capsule-under-test", root.ServiceName);
        Assert.Equal("/...", root.Attributes["http.route"]);
        Assert.Equal("fetcher", root.Attributes["capsule.component"]);
        Assert.Equal(200L, root.Attributes["http.response.status_code"]);
        Assert.True((double)root.Attributes["capsule.guest.cpu_time"] > 0);
        Assert.True((long)root.Attributes["capsule.host.calls"] > 0);
        var instantiate = Assert.Single(trace, s => s.Name == "instantiate");
        Assert.Equal(root.SpanId, instantiate.ParentSpanId);
        var handler = Assert.Single(trace, s => s.Name == "handler");
        Assert.Equal(root.SpanId, handler.ParentSpanId);
        var fetch = Assert.Single(trace, s => s.Name == "GET" && s.ParentSpanId == handler.SpanId);
        Assert.Equal(3, fetch.Kind); // SPAN_KIND_CLIENT
        Assert.Equal(200L, fetch.Attributes["http.response.status_code"]);

        // The callee joins the trace: its parent is the outbound span.
        var headers = Assert.Single(outbound.Requests);
        Assert.Equal($"00-{traceId}-{fetch.SpanId}-01", headers["traceparent"]);

        // A guest that sets traceparent on its own outbound request keeps its value.
        const string guestsOwn = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var own = new HttpRequestMessage(HttpMethod.Get, $"/fetch?url=http://127.0.0.1:{outbound.Port}/callee&traceparent={guestsOwn}");
        own.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var ownResponse = await served.Client.SendAsync(own);
        Assert.Equal("fetched 200: ok", await ownResponse.Content.ReadAsStringAsync());
        Assert.Equal(2, outbound.Requests.Count);
        Assert.Equal(guestsOwn, outbound.Requests.Last()["traceparent"]);
    }

    [Fact]
    public async Task Prometheus_scrapes_request_durations_per_route_and_capsule_metrics()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), $"""
            [application]
            name = "metered"

            [[trigger.http]]
            route = "/hello"
            component = "hello"

            [[trigger.http]]
            route = "/users/:id"
            component = "hello"

            [component.hello]
            {TestManifests.Source("http-hello.wasm")}
            """);
        // Any address, as the Deployment and chart ask: Prometheus scrapes it through loopback.
        var server = CapsuleProcess.Start(cache.Path, ["up", app.Path, "--listen", "127.0.0.1:0", "--metrics-listen", "0.0.0.0:0"]);
        var metricsLine = await server.WaitForLine(l => l.StartsWith("Metrics on ", StringComparison.Ordinal), Wait);
        using var served = await ServedCapsule.Attach(server, "metered");
        var announced = new Uri(metricsLine["Metrics on ".Length..]);
        Assert.Equal("0.0.0.0", announced.Host);
        Assert.Equal("/metrics", announced.AbsolutePath);
        Assert.NotEqual(0, announced.Port);
        Assert.NotEqual(served.Address.Port, announced.Port);
        var scrape = new Uri($"http://127.0.0.1:{announced.Port}/metrics");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello"));
            Assert.Equal("hello from wat\n", await served.Client.GetStringAsync($"/users/{i}"));
        }
        // The app's port does not serve metrics: /metrics is the app's own path there (no route: 404).
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await served.Client.GetAsync("/metrics")).StatusCode);

        using var prometheus = new PrometheusServer(scrape);
        var durations = await prometheus.QueryUntil("http_server_request_duration_seconds_count",
            r => r.Select(Route).ToHashSet().IsSupersetOf(["/hello", "/users/:id"]), Wait);
        Assert.All(durations.Where(r => Route(r) is "/hello" or "/users/:id"), r =>
        {
            Assert.Equal("hello", r.GetProperty("metric").GetProperty("capsule_component").GetString());
            Assert.Equal("3", r.GetProperty("value")[1].GetString());
        });
        var names = await prometheus.QueryUntil("{__name__=~\"capsule_.*|http_server_active_requests\"}", r => r.Count > 5, Wait);
        var scraped = names.Select(r => r.GetProperty("metric").GetProperty("__name__").GetString()).ToHashSet();
        foreach (var expected in new[]
        {
            "http_server_active_requests", "capsule_requests_total", "capsule_guest_cpu_time_seconds_total",
            "capsule_instantiate_duration_seconds_count", "capsule_instances_in_flight", "capsule_memory_budget_reserved_bytes",
            "capsule_host_calls_total", "capsule_response_body_size_bytes_total", "capsule_artifact_cache_lookups_total", "capsule_compile_time_seconds_total",
        })
        {
            Assert.Contains(expected, scraped);
        }
    }

    [Fact]
    public async Task Access_line_reports_the_guest_cpu_time_the_process_used()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), TestManifests.SingleComponent("burn", "http-burn.wasm"));
        using var served = await ServedCapsule.Start(cache.Path, app.Path, "burn");
        for (var i = 0; i < 3; i++)
        {
            // Warm: the JIT's tiering and the first request's allocations are not the guest's.
            Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/warm-up"));
            await served.Server.WaitForLine(l => l.Contains("GET /warm-up 200", StringComparison.Ordinal), Wait);
        }

        var before = ProcessCpu(served.Server.Id);
        var lines = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/burn"));
            lines.Add(await served.Server.WaitForLine(l => l.Contains("GET /burn 200", StringComparison.Ordinal), Wait));
        }
        var used = ProcessCpu(served.Server.Id) - before;

        var reported = TimeSpan.Zero;
        foreach (var line in lines)
        {
            var match = CostInLine().Match(line);
            Assert.True(match.Success, line);
            var cpu = TimeSpan.FromMilliseconds(double.Parse(match.Groups["cpu"].Value, CultureInfo.InvariantCulture));
            // The loop takes tens of milliseconds of CPU (about 50 ms here), whatever the wall time on a busy machine.
            Assert.True(cpu > TimeSpan.FromMilliseconds(15), line);
            Assert.Equal("0", match.Groups["in"].Value);
            Assert.Equal("15", match.Groups["out"].Value);
            Assert.Contains("wasi:http/types=", line);
            reported += cpu;
        }
        // The process used the guests' CPU plus what Kestrel, logging and the runtime's threads did meanwhile.
        var said = $"{string.Join("\n", lines)}\nthe process used {used.TotalMilliseconds:F1} ms";
        Assert.True(reported <= used + TimeSpan.FromMilliseconds(1), said);
        Assert.True(reported >= used * 0.5, said);
    }

    [Fact]
    public async Task The_metrics_port_serves_only_metrics_and_the_app_port_none()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        var server = CapsuleProcess.Start(cache.Path, ["up", app.Path, "--listen", "127.0.0.1:0", "--metrics-listen", "0.0.0.0:0"]);
        var metricsLine = await server.WaitForLine(l => l.StartsWith("Metrics on ", StringComparison.Ordinal), Wait);
        using var served = await ServedCapsule.Attach(server, "hello");
        var port = new Uri(metricsLine["Metrics on ".Length..]).Port;
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/anything"));
        using var metrics = await scraper.GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("capsule_requests_total{", await metrics.Content.ReadAsStringAsync());
        // The app's routes are not on the metrics port, and the metrics are not on the app's (its /... route answers).
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await scraper.GetAsync("/anything")).StatusCode);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public void A_taken_metrics_port_or_a_bad_endpoint_is_one_line_and_exit_2()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        File.WriteAllText(app.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var busy = CapsuleProcess.Run(cache.Path, "up", app.Path, "--listen", "127.0.0.1:0", "--metrics-listen", $"0.0.0.0:{port}");
        Assert.Equal(2, busy.ExitCode);
        Assert.Contains($"capsule: error: cannot serve metrics (--metrics-listen 0.0.0.0:{port}): Address already in use", busy.Stderr);
        Assert.DoesNotContain("   at ", busy.Stderr);
        Assert.DoesNotContain("Serving ", busy.Stdout);

        var same = CapsuleProcess.Run(cache.Path, "up", app.Path, "--listen", $"127.0.0.1:{port}", "--metrics-listen", $"127.0.0.1:{port}");
        Assert.Equal(2, same.ExitCode);
        Assert.Contains($"capsule: error: --metrics-listen 127.0.0.1:{port}: the app listens there; metrics need a port of their own", same.Stderr);

        var bad = CapsuleProcess.Run(cache.Path, "up", app.Path, "--otlp-endpoint", "ftp://collector:4318");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--otlp-endpoint: 'ftp://collector:4318' is not an http:// or https:// URL", bad.Stderr);
    }

    // A JS component compiles for a minute or more on a busy machine with a cold cache.
    private static async Task<ServedCapsule> Serving(RunningCapsule server, string name)
    {
        try
        {
            var line = await server.WaitForLine(l => l.StartsWith($"Serving {name} on ", StringComparison.Ordinal), TimeSpan.FromMinutes(4));
            return new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(line[$"Serving {name} on ".Length..]) });
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static string? Route(System.Text.Json.JsonElement series) =>
        series.GetProperty("metric").TryGetProperty("http_route", out var route) ? route.GetString() : null;

    // Each thread's run time in nanoseconds (schedstat's first field), summed: finer than /proc/PID/stat's clock ticks.
    private static TimeSpan ProcessCpu(int pid) => TimeSpan.FromTicks(Directory.GetDirectories($"/proc/{pid}/task")
        .Sum(task => File.Exists($"{task}/schedstat") ? long.Parse(File.ReadAllText($"{task}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) : 0) / 100);

    [GeneratedRegex(@"component=burn cpu=(?<cpu>[0-9.]+)ms instantiate=[0-9.]+ms in=(?<in>\d+)B out=(?<out>\d+)B host_calls=\d+")]
    private static partial Regex CostInLine();
}
