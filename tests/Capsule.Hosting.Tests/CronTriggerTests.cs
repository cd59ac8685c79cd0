using Capsule.Hosting.App;
using Capsule.Hosting.Cron;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Spin's cron trigger (spin-trigger-cron's manifest and fermyon:spin-cron@2.0.0) with a real
/// componentize-js handler (tests/guests/js/cron) on real schedules: runs as often as the
/// schedule says, never overlapping itself, and stops on shutdown.
/// </summary>
public sealed class CronTriggerTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static string Manifest(string triggers, string components) => $"""
        spin_manifest_version = 2

        [application]
        name = "cron"

        {triggers}

        {components}
        """;

    private static string Component(string id, int sleepMs, bool fail = false) => $$"""
        [component.{{id}}]
        {{TestManifests.Source("cron-js.component.wasm")}}
        environment = { CRON_SLEEP_MS = "{{sleepMs}}", CRON_FAIL = "{{(fail ? 1 : 0)}}" }

        """;

    private static string Trigger(string component, string expression) =>
        $"[[trigger.cron]]\ncomponent = \"{component}\"\ncron_expression = \"{expression}\"\n";

    /// <summary>
    /// Every second for ~10 s: a quick handler runs about 10 times; one that takes 1.5 s never
    /// overlaps itself (its start and end lines alternate) and the times it was busy are skipped and counted.
    /// </summary>
    [Fact]
    public async Task A_one_second_schedule_runs_every_second_and_a_slow_handler_never_overlaps()
    {
        var logs = new LogCapture();
        var manifest = Manifest(Trigger("quick", "* * * * * *") + Trigger("slow", "* * * * * *"), Component("quick", 0) + Component("slow", 1500));

        CronScheduler scheduler;
        await using (var app = await CronApp.Start(hosting, manifest, logs))
        {
            scheduler = app.Scheduler;
            await Task.Delay(TimeSpan.FromSeconds(10));
        }

        var quick = scheduler.Schedules[0];
        var slow = scheduler.Schedules[1];
        Assert.InRange(quick.Runs, 8, 11);
        Assert.Equal(0, quick.Failed);
        Assert.InRange(slow.Runs, 3, 7);
        Assert.InRange(slow.Skipped, 3, 7);
        Assert.Equal(0, slow.Failed);
        // Never two starts without an end between them: the slow component's runs did not overlap.
        var slowLines = logs.Lines.Where(l => l.Contains("[slow] cron ", StringComparison.Ordinal)).ToList();
        for (var i = 0; i < slowLines.Count; i++)
        {
            Assert.Contains(i % 2 == 0 ? "cron start" : "cron end", slowLines[i], StringComparison.Ordinal);
        }
        Assert.Contains(logs.Lines, l => l.Contains("cron cron-trigger2 skipped the run due at", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("cron cron-trigger1 stopped after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_handler_is_logged_and_counted_and_the_schedule_goes_on()
    {
        var logs = new LogCapture();
        var manifest = Manifest(Trigger("broken", "* * * * * *"), Component("broken", 0, fail: true));

        await using var app = await CronApp.Start(hosting, manifest, logs);
        await logs.WaitFor(l => l.Contains("(2 failed so far)", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        Assert.Contains(logs.Lines, l => l.Contains("cron cron-trigger1 failed: component=broken cause=the handler returned an error (other: asked to fail)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_lets_the_run_in_flight_finish_and_starts_no_other()
    {
        var logs = new LogCapture();
        var manifest = Manifest(Trigger("slow", "* * * * * *"), Component("slow", 1500));

        var app = await CronApp.Start(hosting, manifest, logs);
        await logs.WaitFor(l => l.Contains("[slow] cron start", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await app.DisposeAsync();
        var runs = app.Scheduler.Schedules[0].Runs;
        await Task.Delay(1500);

        Assert.Equal(runs, app.Scheduler.Schedules[0].Runs);
        var starts = logs.Lines.Count(l => l.Contains("[slow] cron start", StringComparison.Ordinal));
        var ends = logs.Lines.Count(l => l.Contains("[slow] cron end", StringComparison.Ordinal));
        Assert.Equal(starts, ends);
    }

    [Theory]
    [InlineData("*/2 * * * *", "trigger.cron[0].cron_expression: '*/2 * * * *' has 5 fields (expected 6: second minute hour day-of-month month day-of-week, e.g. \"*/2 * * * * *\")")]
    [InlineData("61 * * * * *", "trigger.cron[0].cron_expression: '61 * * * * *' is not a cron expression: ")]
    public void A_bad_expression_is_refused_naming_it(string expression, string expected)
    {
        var text = Manifest(Trigger("quick", expression), Component("quick", 0));

        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(text, "/tmp/spin.toml", "spin.toml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_component_without_the_cron_export_is_refused_at_start_up()
    {
        var manifest = Manifest(Trigger("web", "* * * * * *"), $"[component.web]\n{TestManifests.Source("http-hello.wasm")}\n");

        var error = await Assert.ThrowsAsync<ManifestException>(() => CronApp.Start(hosting, manifest, new LogCapture()));

        Assert.Contains("exports no handle-cron-event", error.Message, StringComparison.Ordinal);
    }

    private sealed class CronApp : IAsyncDisposable
    {
        private readonly TempDir _dir = new();
        private WebApplication? _web;
        private LoadedApp? _app;

        public CronScheduler Scheduler { get; private set; } = null!;

        public static async Task<CronApp> Start(HostingFixture hosting, string manifest, LogCapture logs)
        {
            var test = new CronApp();
            var path = test._dir.Combine("spin.toml");
            await File.WriteAllTextAsync(path, manifest);
            try
            {
                test._app = hosting.Factory.Load(path, new AppLoadOptions { StateDirectory = test._dir.Combine(".capsule") });
                test._web = hosting.Factory.Serve(test._app, new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)), logging => logging.AddProvider(logs));
                test.Scheduler = test._web.Services.GetRequiredService<CronScheduler>();
                await test._web.StartAsync();
            }
            catch
            {
                await test.DisposeAsync();
                throw;
            }
            return test;
        }

        public async ValueTask DisposeAsync()
        {
            if (_web is not null)
            {
                await _web.StopAsync();
                await _web.DisposeAsync();
                _web = null;
            }
            _app?.Dispose();
            _app = null;
            _dir.Dispose();
        }
    }
}
