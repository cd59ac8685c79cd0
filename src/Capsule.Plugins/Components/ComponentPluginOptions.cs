using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Logging;

namespace Capsule.Plugins.Components;

/// <summary>How a <see cref="ComponentPlugin"/> runs. Every default is the safe one.</summary>
public sealed record ComponentPluginOptions
{
    /// <summary>The plugin's name in errors and logs; default: its file name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// What the plugin may reach, as for <c>capsule run</c>: nothing by default (no files, environment, network).
    /// Its <see cref="GuestGrants.Limits"/> are replaced by <see cref="Limits"/>.
    /// </summary>
    public GuestGrants Grants { get; init; } = GuestGrants.None;

    /// <summary>
    /// Each instance's bounds: memory (per instance), timeout and fuel (per call, unless the call says
    /// otherwise). Default: 128 MiB, 10 s, no fuel.
    /// </summary>
    public ResourceLimits Limits { get; init; } = new() { MaxMemoryBytes = ResourceLimits.ServedHttpMaxMemoryBytes, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Calls one instance serves before it is dropped: 1 (the default) is a fresh instance per call; more keeps
    /// an instance (its globals and heap) for up to that many calls, one at a time. A failed call ends its instance.
    /// </summary>
    public int MaxCallsPerInstance { get; init; } = 1;

    /// <summary>Reload the plugin when its file changes (compiled off the call path; a bad version keeps the old one).</summary>
    public bool WatchFile { get; init; }

    /// <summary>Where the plugin's stdout and stderr go when granted; default: discarded.</summary>
    public GuestOutput Output { get; init; } = GuestOutput.Discard;

    /// <summary>Where reloads and their failures are logged; default: nowhere.</summary>
    public ILogger? Logger { get; init; }
}

/// <summary>Bounds of one call, over the plugin's own.</summary>
public sealed record PluginCallOptions
{
    /// <summary>This call's wall-clock limit; default: the plugin's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>This call's fuel; default: the plugin's (needs an engine with <c>ConsumeFuel</c>).</summary>
    public ulong? Fuel { get; init; }
}
