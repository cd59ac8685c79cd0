using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Capsule.AspNetCore.Tests;

/// <summary>AddCapsule: configuration binding and validation, the health check, start-up compile.</summary>
public sealed class AddCapsuleTests
{
    [Fact]
    public async Task Options_bind_from_the_Capsule_configuration_section()
    {
        using var site = new Site().Setting("Capsule:QueueLength", "7").Setting("Capsule:MemoryBudget", "256MiB").Setting("Capsule:QueueTimeout", "00:00:02");
        await using var factory = site.Start();

        var options = factory.Services.GetRequiredService<IOptions<CapsuleOptions>>().Value;
        Assert.Equal(7, options.QueueLength);
        Assert.Equal("256MiB", options.MemoryBudget);
        Assert.Equal(TimeSpan.FromSeconds(2), options.QueueTimeout);
    }

    [Fact]
    public async Task Invalid_settings_fail_start_up_naming_each_key()
    {
        using var site = new Site().App("/shop", Site.Probe()).Setting("Capsule:MemoryBudget", "lots").Setting("Capsule:MaxRunning", "0");
        await using var factory = site.Start();

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(error.Failures, f => f.StartsWith("Capsule:MemoryBudget: 'lots'", StringComparison.Ordinal));
        Assert.Contains("Capsule:MaxRunning: must be positive (got 0)", error.Failures);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_until_the_apps_are_compiled()
    {
        using var site = new Site();
        File.WriteAllText(site.Folder.Combine("capsule.toml"), Site.Probe());
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Capsule:CacheFolder"] = Path.Combine(Path.GetTempPath(), "capsule-aspnetcore-tests-cache");
        builder.Services.AddCapsule();
        await using var app = builder.Build();
        app.MapCapsuleApp("/shop", site.Folder.Combine("capsule.toml"));
        app.MapHealthChecks("/healthz");
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("compiling", before.Entries["capsule"].Description, StringComparison.Ordinal);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/shop/x?do=headers")).StatusCode);
        await app.StopAsync();
    }
}
