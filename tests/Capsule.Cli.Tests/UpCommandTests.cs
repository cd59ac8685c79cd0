using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary><c>capsule up</c> as a process: start-up errors, serving, and graceful SIGTERM.</summary>
public sealed class UpCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string WriteApp(string body)
    {
        var path = _temp.Combine("capsule.toml");
        File.WriteAllText(path, body);
        return path;
    }

    [Fact]
    public void Bad_manifest_stops_start_up_with_one_message_and_exit_code_2()
    {
        var manifest = WriteApp("""
            [application]
            name = "x"

            [[trigger.http]]
            route = "nope"
            component = "c"

            [component.c]
            source = "c.wasm"
            """);
        File.WriteAllText(_temp.Combine("c.wasm"), "not wasm");
        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", manifest);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {manifest}:5: trigger.http[0].route: a route must start with '/' (got \"nope\")\n"), result);
    }

    /// <summary>A .capsule that is a link is refused in one line; what it points to is left alone.</summary>
    [Fact]
    public void A_state_folder_that_is_a_link_stops_start_up_and_nothing_behind_it_is_deleted()
    {
        var elsewhere = _temp.Combine("elsewhere");
        Directory.CreateDirectory(Path.Combine(elsewhere, "files", "site"));
        File.WriteAllText(Path.Combine(elsewhere, "files", "site", "canary.txt"), "alive");
        var app = _temp.Combine("app");
        Directory.CreateDirectory(Path.Combine(app, "static"));
        File.WriteAllText(Path.Combine(app, "static", "index.html"), "<h1>hi</h1>");
        File.WriteAllText(Path.Combine(app, "capsule.toml"), TestManifests.SingleComponent("site", "http-hello.wasm") + "\nfiles = [\"static/*\"]\n");
        File.CreateSymbolicLink(Path.Combine(app, ".capsule"), elsewhere);

        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", app, "--listen", "127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        // The last line (files are gathered before components compile, so it may be the only one).
        Assert.Equal($"capsule: error: {app}/.capsule: state folder is a symbolic link; capsule keeps the app's state in a real folder here and does not follow links (remove the link)", result.Stderr.TrimEnd('\n').Split('\n')[^1]);
        Assert.DoesNotContain(" at ", result.Stderr);
        Assert.True(File.Exists(Path.Combine(elsewhere, "files", "site", "canary.txt")));
    }

    /// <summary>
    /// --state-dir (Spin's flag) moves the state folder out of the app: a container
    /// serves an app from a read-only mount and keeps its state in a writable volume.
    /// </summary>
    [Fact]
    public async Task State_dir_keeps_the_gathered_files_outside_the_app_folder()
    {
        var app = _temp.Combine("app");
        Directory.CreateDirectory(Path.Combine(app, "static"));
        File.WriteAllText(Path.Combine(app, "static", "index.html"), "<h1>hi</h1>");
        File.WriteAllText(Path.Combine(app, "capsule.toml"), TestManifests.SingleComponent("site", "http-hello.wasm") + "\nfiles = [\"static/*\"]\n");
        var state = _temp.Combine("volume", "state");
        Directory.CreateDirectory(Path.GetDirectoryName(state)!);

        using var served = await StartServing(app, "site", "--state-dir", state);

        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/"));
        Assert.Equal("<h1>hi</h1>", File.ReadAllText(Path.Combine(state, "files", "site", "static", "index.html")));
        Assert.False(Directory.Exists(Path.Combine(app, ".capsule")));
    }

    [Fact]
    public void Missing_manifest_is_exit_code_2()
    {
        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", _temp.Path);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {_temp.Path}: no capsule.toml (or spin.toml) in this folder\n"), result);
    }

    [Fact]
    public async Task A_folder_with_only_spin_toml_is_served_as_it_is()
    {
        File.WriteAllText(_temp.Combine("spin.toml"), "spin_manifest_version = 2\n" + TestManifests.SingleComponent("from-spin", "http-hello.wasm"));
        using var served = await StartServing(_temp.Path, "from-spin");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/"));
    }

    /// <summary>
    /// A waiting guest holds its pool thread; the capsule process lets the pool
    /// add threads as soon as they block (capsule.runtimeconfig.json), so many
    /// waiting guests wait together instead of in turn: every one has started
    /// before the first has finished (without it they started up to 19 s apart).
    /// </summary>
    [Fact]
    public async Task Many_waiting_guests_wait_at_the_same_time()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), TestManifests.SingleComponent("sleepers", "probe-js.component.wasm"));
        // Each instance reserves 128 MiB of the memory budget: 32 need 4 GiB, whatever this machine has.
        using var served = await StartServing(_temp.Path, "sleepers", "--memory-budget", "8GiB");

        var replies = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => served.Client.GetStringAsync("/?do=sleep&ms=1500")));
        var spans = replies.Select(r => System.Text.Json.JsonDocument.Parse(r).RootElement).Select(j => (From: j.GetProperty("from").GetInt64(), To: j.GetProperty("to").GetInt64())).ToList();
        Assert.True(spans.Max(s => s.From) < spans.Min(s => s.To), $"the last guest started at +{spans.Max(s => s.From) - spans.Min(s => s.From)} ms, the first finished at +{spans.Min(s => s.To) - spans.Min(s => s.From)} ms");
    }

    /// <summary>
    /// Each Wasmtime pool slot an instance used keeps its memory resident, with
    /// no idle timeout: after 400 JS requests at once the process stayed at
    /// 2.5 GB. Idle slots are now given back (IdleSlotRelease, every 10 s): a
    /// burst of 200 takes RSS up by well over 1 GiB, and it comes back to
    /// within 500 MiB of idle (what stays is ~1.3 MiB of zeroed stack and heap
    /// per slot that Wasmtime keeps resident outside the memory image).
    /// </summary>
    [Fact]
    public async Task Memory_comes_back_after_a_burst()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), TestManifests.SingleComponent("burst", "probe-js.component.wasm"));
        // Room for the whole burst: admission would otherwise (rightly) refuse part of it.
        using var served = await StartServing(_temp.Path, "burst", "--memory-budget", "64GiB", "--queue-timeout", "60s", "--queue-length", "200");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/?do=status&code=200")).StatusCode);
        }
        await Task.Delay(2000);
        var idle = served.Server.ResidentMiB();

        var burst = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => served.Client.GetAsync("/?do=sleep&ms=2000")));
        Assert.All(burst, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var peak = served.Server.ResidentMiB();
        Assert.True(peak - idle > 800, $"the burst should hold many instances at once: idle {idle} MiB, after the burst {peak} MiB");

        var now = peak;
        for (var waited = 0; waited < 60 && now - idle >= 500; waited++)
        {
            await Task.Delay(1000);
            now = served.Server.ResidentMiB();
        }
        Assert.True(now - idle < 500, $"idle {idle} MiB, after the burst {peak} MiB, 60 s later {now} MiB");
    }

    [Fact]
    public async Task Admission_flags_bound_instances_and_the_excess_gets_503_with_retry_after()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), TestManifests.SingleComponent("sleep", "http-sleep.wasm"));
        var server = CapsuleProcess.Start(_temp.Combine("cache"),
            ["up", _temp.Path, "--listen", "127.0.0.1:0", "--max-concurrent", "2", "--queue-length", "1", "--queue-timeout", "20s", "--memory-budget", "1GiB"]);
        string? sizing = null, serving = null;
        await server.WaitForLine(l =>
        {
            sizing ??= l.StartsWith("capsule: admission: ", StringComparison.Ordinal) ? l : null;
            serving ??= l.StartsWith("Serving sleep on ", StringComparison.Ordinal) ? l : null;
            return sizing is not null && serving is not null;
        }, TimeSpan.FromSeconds(90));
        using var served = new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(Regex.Match(serving!, @"http://\S+").Value) });
        Assert.Equal("capsule: admission: component 'sleep': up to 2 in flight (1 reserved); an instance takes 2 core instances, "
            + "1 memory and 0 tables of the pool and reserves 128MiB of the memory budget", sizing);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => served.Client.GetAsync("/1000")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, r => Assert.Equal("1", r.Headers.GetValues("Retry-After").Single()));
        await server.WaitForLine(l => l.StartsWith("fail: ", StringComparison.Ordinal)
            && l.Contains("cause=admission: component sleep at 2/2 in flight, queue 1/1 full", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Admission_flag_out_of_range_is_refused()
    {
        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", _temp.Path, "--max-concurrent", "0");
        Assert.Equal(new CapsuleResult(2, "", "capsule: error: --max-concurrent '0' is not a positive whole number\nTry 'capsule up --help' for more information.\n"), result);
    }

    [Fact]
    public void Listen_address_that_is_not_an_ip_is_refused_before_anything_binds()
    {
        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", _temp.Path, "--listen", "foo");
        Assert.Equal(new CapsuleResult(2, "", "capsule: error: --listen: expected HOST:PORT, e.g. 127.0.0.1:3000 (got \"foo\")\nTry 'capsule up --help' for more information.\n"), result);
    }

    [Fact]
    public void Port_in_use_stops_start_up_with_one_message_and_exit_code_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var listen = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var manifest = WriteApp(TestManifests.SingleComponent("busy", "http-hello.wasm"));
        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", manifest, "--listen", listen);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.EndsWith($"\ncapsule: error: cannot listen on {listen}: Failed to bind to address http://{listen}: address already in use.\n", result.Stderr);
        Assert.DoesNotContain(" at ", result.Stderr);
    }

    [Fact]
    public async Task Serves_then_finishes_in_flight_requests_on_sigterm_and_exits_zero()
    {
        var manifest = WriteApp($$"""
            [application]
            name = "graceful"

            [[trigger.http]]
            route = "/slow"
            component = "slow"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.slow]
            source = "{{Guests.Get("http-loop.wasm")}}"
            limits = { timeout = "1500ms" }

            [component.hello]
            source = "{{Guests.Get("hello-js.component.wasm")}}"
            """);
        using var served = await StartServing(manifest, "graceful");
        var (server, client) = (served.Server, served.Client);

        var hello = await client.GetAsync("/hi");
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        await server.WaitForLine(l => Regex.IsMatch(l, @"^info: \S+\[207\] GET /hi 200 [0-9.]+ms component=hello cpu=[0-9.]+ms instantiate=[0-9.]+ms in=0B out=\d+B host_calls=\d+\S*$"), TimeSpan.FromSeconds(10));

        var inFlight = client.GetAsync("/slow");
        await Task.Delay(300);
        server.Signal("TERM");
        var slow = await inFlight;
        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        await server.WaitForLine(l => l.StartsWith("fail: ", StringComparison.Ordinal) && l.Contains("request failed: component=slow route=/slow cause=timeout after ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await server.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Sigterm_while_still_compiling_stops_at_once_without_a_stack_trace()
    {
        // A cold cache: the 13 MB JS component compiles for seconds.
        var manifest = WriteApp(TestManifests.SingleComponent("slow-to-load", "hello-js.component.wasm"));
        using var server = CapsuleProcess.Start(_temp.Combine("cache"), "up", manifest, "--listen", "127.0.0.1:0");
        await server.WaitForLine(l => l.StartsWith("capsule: Loading component 'slow-to-load'", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        var clock = Stopwatch.StartNew();
        server.Signal("TERM");
        var exitCode = await server.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed} to stop");
        Assert.Contains(exitCode, new[] { 0, 130 });
        var output = string.Join("\n", await server.RemainingLines());
        Assert.DoesNotContain("internal error", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    // capsule up APP on a free port, once it says it is serving; a client for its address.
    private Task<ServedCapsule> StartServing(string app, string name, params string[] flags) =>
        ServedCapsule.Start(_temp.Combine("cache"), app, name, flags);

    public void Dispose() => _temp.Dispose();
}
