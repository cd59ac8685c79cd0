using Capsule.Runtime.Artifacts;
using Wasmtime;
using Wasmtime.Components;

namespace Capsule.Runtime.Loading;

/// <summary>
/// A compiled guest, ready to instantiate any number of times from any thread.
/// Exactly one of <see cref="Module"/> and <see cref="Component"/> is set.
/// Owns the compiled code; dispose when no instance will be created again.
/// </summary>
public sealed class LoadedGuest : IDisposable
{
    private readonly ReloadableComponent? _component;

    internal LoadedGuest(string path, long sizeBytes, CacheOutcome cache, Module? module, Component? component, Wasmtime.Engine? engine = null)
    {
        Path = path;
        SizeBytes = sizeBytes;
        Cache = cache;
        Module = module;
        _component = component is null ? null : new ReloadableComponent(component, engine);
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>The file's size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>Whether the compiled code came from the cache.</summary>
    public CacheOutcome Cache { get; }

    /// <summary>Module or component.</summary>
    public WasmKind Kind => Module is not null ? WasmKind.CoreModule : WasmKind.Component;

    /// <summary>The compiled core module, if this guest is one.</summary>
    public Module? Module { get; }

    /// <summary>
    /// The compiled component, if this guest is one. Serving instantiates through
    /// <see cref="LeaseComponent"/> instead: the copy may be replaced (see <see cref="ReleaseIdleSlots"/>).
    /// </summary>
    public Component? Component => _component?.Current;

    /// <summary>The compiled component for one instance, kept until the lease is disposed; null for a module.</summary>
    public ComponentLease? LeaseComponent() => _component?.Lease();

    /// <summary>
    /// Gives back the pool memory of instance slots a past burst left warm, by
    /// replacing the compiled copy (<see cref="ReloadableComponent"/>), when at
    /// least <paramref name="minSlots"/> leases were alive at once but recent use
    /// (since the previous call) peaked at a quarter of that or less. Call
    /// periodically; returns how many slots the released copy had touched, or 0.
    /// </summary>
    public int ReleaseIdleSlots(int minSlots) => _component?.ReleaseIdleSlots(minSlots) ?? 0;

    /// <summary>Releases the compiled code (a component's once its last lease ends).</summary>
    public void Dispose()
    {
        Module?.Dispose();
        _component?.Dispose();
    }
}
