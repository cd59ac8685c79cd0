using System.Globalization;
using System.Text.RegularExpressions;
using Capsule.Runtime.Engine;

namespace Capsule.Hosting.Tests;

/// <summary>An engine that meters fuel (an embedder's choice; capsule up meters none).</summary>
public sealed class FuelFixture() : HostingFixture(EngineSettings.Default with { ConsumeFuel = true });

/// <summary>
/// With fuel metered, each request's access line says the fuel its guest consumed (issue 24 §2), per
/// request: a kept instance (instance_reuse) reports each request's own fuel, not a running total.
/// </summary>
public sealed partial class FuelCostTests(FuelFixture hosting) : IClassFixture<FuelFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_request_reports_the_fuel_its_loop_consumed(bool reuse)
    {
        await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("burn", "http-burn-n.wasm")
            + (reuse ? "\ninstance_reuse = true\n" : "\n"));
        var idle = await Fuel(app, 0, 1);
        var million = await Fuel(app, 1_000_000, 2);
        var again = await Fuel(app, 1_000_000, 3);
        // The loop's body is 14 operators of one unit of fuel each (Wasmtime charges none for loop/block/end): 14 million.
        Assert.InRange(million - idle, 12_000_000L, 15_000_000L);
        Assert.Equal(million, again);
        Assert.True(idle > 0);
    }

    // The fuel in the access line of the app's nth request.
    private static async Task<long> Fuel(TestApp app, int iterations, int nth)
    {
        Assert.Equal("hello from wat\n", await app.Client.GetStringAsync($"/burn?n={iterations}"));
        await app.Logs.WaitFor(_ => AccessLines(app).Count >= nth);
        var line = AccessLines(app)[nth - 1];
        var fuel = FuelInLine().Match(line);
        Assert.True(fuel.Success, line);
        return long.Parse(fuel.Groups["fuel"].Value, CultureInfo.InvariantCulture);
    }

    private static List<string> AccessLines(TestApp app) => [.. app.Logs.Lines.Where(l => l.Contains("GET /burn 200", StringComparison.Ordinal))];

    [GeneratedRegex(@"component=burn cpu=[0-9.]+ms instantiate=[0-9.]+ms in=0B out=15B fuel=(?<fuel>\d+) host_calls=\d+")]
    private static partial Regex FuelInLine();
}
