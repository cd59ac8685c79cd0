using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Capsule.AspNetCore;

/// <summary>
/// Healthy once every mapped app is compiled and linked; unhealthy before
/// (still compiling) and when one failed to load (naming why). Added by
/// <c>AddCapsule</c> as <c>"capsule"</c>; serve it with <c>app.MapHealthChecks("/healthz")</c>.
/// </summary>
internal sealed class CapsuleHealthCheck(CapsuleApps apps) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "capsule";

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (apps.Failure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"an app failed to load: {failure}"));
        }
        var mapped = apps.Apps;
        var waiting = mapped.Where(a => !a.IsLoaded).Select(a => a.Name).ToList();
        return Task.FromResult(waiting.Count > 0
            ? HealthCheckResult.Unhealthy($"compiling: {string.Join(", ", waiting)}")
            : HealthCheckResult.Healthy($"{mapped.Count} Wasm app(s) ready"));
    }
}
