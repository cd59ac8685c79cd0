using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary><c>capsule up</c> with instance_reuse: the real process keeps a component's instance across requests and says so.</summary>
public sealed partial class InstanceReuseCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task Capsule_up_reuses_an_instance_up_to_max_requests_and_says_so_at_start_up()
    {
        var app = _temp.Combine("capsule.toml");
        File.WriteAllText(app, TestManifests.SingleComponent("counter", "counter-js.component.wasm") + "\ninstance_reuse = { max_requests = 2, idle_timeout = \"30s\" }\n");
        using var server = CapsuleProcess.Start(_temp.Combine("cache"), "up", app, "--listen", "127.0.0.1:0");

        var announced = await server.WaitForLine(l => l.Contains("reuses instances", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        var serving = await server.WaitForLine(l => l.StartsWith("Serving counter on ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri(Address().Match(serving).Value) };
        var counts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counts.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32());
        }

        Assert.Equal("capsule: component 'counter' reuses instances: up to 2 requests each, one at a time, dropped after 30s idle; its globals and memory survive between requests", announced);
        Assert.Equal([1, 2, 1, 2, 1], counts);
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex Address();
}
