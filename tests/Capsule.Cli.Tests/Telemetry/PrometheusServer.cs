using System.Diagnostics;
using System.Text.Json;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>
/// A real Prometheus (Debian's package, scripts/install-services.sh) on a free loopback port, with its
/// own configuration and data folder, scraping one target every second; its query API read as JSON.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Process _process;
    private readonly HttpClient _client;

    public PrometheusServer(Uri scrapeUrl)
    {
        var config = _dir.Combine("prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: capsule
                metrics_path: {scrapeUrl.AbsolutePath}
                static_configs:
                  - targets: ["{scrapeUrl.Authority}"]
            """);
        var port = OtlpReceiver.FreePort();
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={_dir.Combine("data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Runs an instant query until it returns a result satisfying <paramref name="done"/>; the result's series.</summary>
    public async Task<List<JsonElement>> QueryUntil(string query, Func<List<JsonElement>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = new List<JsonElement>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var json = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}"));
                last = [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone())];
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"prometheus query {query} did not give the expected result; last: {string.Join("; ", last)}");
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
