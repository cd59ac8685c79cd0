using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Engine;
using Wasmtime;
using Wasmtime.Components;

namespace Capsule.Runtime.Loading;

/// <summary>
/// Turns a file into a <see cref="LoadedGuest"/>: reads it, recognizes module
/// or component (binary or text), and compiles it through the artifact cache.
/// Every failure is a <see cref="WasmLoadException"/> naming the file and the cause.
/// </summary>
public sealed class GuestLoader(CapsuleEngine engine, ArtifactCache? cache)
{
    /// <summary>The largest file Capsule reads as WebAssembly (a 13 MB JS component is large).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The artifact cache compiled code goes through, or null (compile every time).</summary>
    public ArtifactCache? Cache => cache;

    /// <summary>
    /// Loads and compiles the guest at <paramref name="path"/>.
    /// <paramref name="beforeCompile"/> sees each binary before it is compiled
    /// (compiling a large component takes seconds) and may refuse it by
    /// throwing a <see cref="WasmLoadException"/>.
    /// </summary>
    public LoadedGuest Load(string path, Action<byte[], WasmKind>? beforeCompile = null)
    {
        var guest = Read(path);
        if (guest.Binary is not null)
        {
            beforeCompile?.Invoke(guest.Binary, guest.Kind);
        }
        return Compile(guest);
    }

    /// <summary>
    /// Compiles a guest <see cref="Read"/> returned, through the artifact cache, once its binary is
    /// within <see cref="CompileBounds"/>.
    /// </summary>
    public LoadedGuest Compile(GuestBinary guest)
    {
        if (guest.Binary is null)
        {
            return CompileComponentText(guest);
        }
        CompileBounds.Check(guest.Path, guest.Binary, guest.Kind);
        return Compile(guest.Path, guest.Binary, guest.Kind, guest.SizeBytes);
    }

    /// <summary>
    /// Reads the guest at <paramref name="path"/> without compiling it: module text is converted to a
    /// binary; component text is kept as text (the binding compiles it directly).
    /// </summary>
    public GuestBinary Read(string path)
    {
        var bytes = GuestFile.Read(path, MaxFileBytes);
        StartupTrace.Mark("guest file read");
        if (WasmFormat.DetectText(bytes) is { } textKind)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            if (textKind == WasmKind.Component)
            {
                return new GuestBinary(path, textKind, bytes.Length, null, text);
            }
            // Module text converts to a binary, which is then cached like any other.
            var textLength = bytes.Length;
            try
            {
                bytes = Module.ConvertText(text);
            }
            catch (WasmtimeException e)
            {
                throw new WasmLoadException(path, $"invalid WebAssembly text: {Describe(e)}", e);
            }
            return new GuestBinary(path, textKind, textLength, bytes, null);
        }
        var kind = WasmFormat.DetectBinary(bytes, out var problem)
            ?? throw new WasmLoadException(path, problem!);
        return new GuestBinary(path, kind, bytes.Length, bytes, null);
    }

    /// <summary>Validates a core module without compiling it; a <see cref="WasmLoadException"/> says why it is invalid.</summary>
    public void Validate(GuestBinary module)
    {
        try
        {
            Module.Validate(engine.WasmEngine, module.Binary ?? throw new ArgumentException("component text is not a module", nameof(module)));
        }
        catch (WasmtimeException e)
        {
            throw new WasmLoadException(module.Path, $"invalid WebAssembly module: {Describe(e)}", e);
        }
    }

    private LoadedGuest CompileComponentText(GuestBinary guest)
    {
        try
        {
            // The binding has no text-to-binary for components, so there is no
            // stable binary to key a cache entry on: compile directly.
            var component = Component.FromText(engine.WasmEngine, guest.Text!);
            return new LoadedGuest(guest.Path, guest.SizeBytes, CacheOutcome.Uncached, null, component, engine.WasmEngine);
        }
        catch (WasmtimeException e)
        {
            throw new WasmLoadException(guest.Path, $"invalid component text: {Describe(e)}", e);
        }
    }

    private LoadedGuest Compile(string path, byte[] binary, WasmKind kind, long? sizeBytes = null)
    {
        var name = System.IO.Path.GetFileName(path);
        var size = sizeBytes ?? binary.Length;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (kind == WasmKind.CoreModule)
            {
                var codec = new ModuleCodec(engine.WasmEngine, name);
                var outcome = CacheOutcome.Uncached;
                var module = cache is null ? codec.Compile(binary) : cache.GetOrCompile(binary, kind, name, codec, out outcome);
                Diagnostics.ArtifactCacheTotals.Count(outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                return new LoadedGuest(path, size, outcome, module, null);
            }
            else
            {
                var codec = new ComponentCodec(engine.WasmEngine);
                var outcome = CacheOutcome.Uncached;
                var component = cache is null ? codec.Compile(binary) : cache.GetOrCompile(binary, kind, name, codec, out outcome);
                Diagnostics.ArtifactCacheTotals.Count(outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                return new LoadedGuest(path, size, outcome, null, component, engine.WasmEngine);
            }
        }
        catch (WasmtimeException e)
        {
            var what = kind == WasmKind.CoreModule ? "module" : "component";
            throw new WasmLoadException(path, $"invalid WebAssembly {what}: {Describe(e)}", e);
        }
    }

    // Wasmtime errors carry a chain ("failed to parse ...\n\nCaused by:\n  0: ...");
    // one line with the most specific causes reads best.
    internal static string Describe(WasmtimeException e)
    {
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l != "Caused by:")
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^\d+:\s*", ""))
            .Distinct()
            .ToList();
        return lines.Count <= 1 ? lines.FirstOrDefault() ?? "unknown error" : string.Join(": ", lines.Skip(1));
    }
}
