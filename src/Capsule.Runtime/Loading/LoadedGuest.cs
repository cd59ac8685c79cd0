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
    internal LoadedGuest(string path, long sizeBytes, CacheOutcome cache, Module? module, Component? component)
    {
        Path = path;
        SizeBytes = sizeBytes;
        Cache = cache;
        Module = module;
        Component = component;
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

    /// <summary>The compiled component, if this guest is one.</summary>
    public Component? Component { get; }

    /// <summary>Releases the compiled code.</summary>
    public void Dispose()
    {
        Module?.Dispose();
        Component?.Dispose();
    }
}
