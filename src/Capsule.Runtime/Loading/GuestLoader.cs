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

    /// <summary>
    /// Loads and compiles the guest at <paramref name="path"/>.
    /// <paramref name="beforeCompile"/> sees each binary before it is compiled
    /// (compiling a large component takes seconds) and may refuse it by
    /// throwing a <see cref="WasmLoadException"/>.
    /// </summary>
    public LoadedGuest Load(string path, Action<byte[], WasmKind>? beforeCompile = null)
    {
        var bytes = GuestFile.Read(path, MaxFileBytes);
        StartupTrace.Mark("guest file read");
        if (WasmFormat.DetectText(bytes) is { } textKind)
        {
            return LoadText(path, bytes, textKind, beforeCompile);
        }
        var kind = WasmFormat.DetectBinary(bytes, out var problem)
            ?? throw new WasmLoadException(path, problem!);
        beforeCompile?.Invoke(bytes, kind);
        return Compile(path, bytes, kind);
    }

    private LoadedGuest LoadText(string path, byte[] bytes, WasmKind kind, Action<byte[], WasmKind>? beforeCompile)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (kind == WasmKind.CoreModule)
        {
            // Module text converts to a binary, which is then cached like any other.
            byte[] binary;
            try
            {
                binary = Module.ConvertText(text);
            }
            catch (WasmtimeException e)
            {
                throw new WasmLoadException(path, $"invalid WebAssembly text: {Describe(e)}", e);
            }
            beforeCompile?.Invoke(binary, kind);
            return Compile(path, binary, kind, bytes.Length);
        }
        try
        {
            // The binding has no text-to-binary for components, so there is no
            // stable binary to key a cache entry on: compile directly.
            var component = Component.FromText(engine.WasmEngine, text);
            return new LoadedGuest(path, bytes.Length, CacheOutcome.Uncached, null, component, engine.WasmEngine);
        }
        catch (WasmtimeException e)
        {
            throw new WasmLoadException(path, $"invalid component text: {Describe(e)}", e);
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
