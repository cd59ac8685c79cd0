using Capsule.Runtime.Artifacts;
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
    /// <summary>Loads and compiles the guest at <paramref name="path"/>.</summary>
    public LoadedGuest Load(string path)
    {
        var bytes = ReadFile(path);
        if (WasmFormat.DetectText(bytes) is { } textKind)
        {
            return LoadText(path, bytes, textKind);
        }
        var kind = WasmFormat.DetectBinary(bytes, out var problem)
            ?? throw new WasmLoadException(path, problem!);
        return Compile(path, bytes, kind);
    }

    private LoadedGuest LoadText(string path, byte[] bytes, WasmKind kind)
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
        try
        {
            if (kind == WasmKind.CoreModule)
            {
                var codec = new ModuleCodec(engine.WasmEngine, name);
                var outcome = CacheOutcome.Uncached;
                var module = cache is null ? codec.Compile(binary) : cache.GetOrCompile(binary, kind, name, codec, out outcome);
                return new LoadedGuest(path, size, outcome, module, null);
            }
            else
            {
                var codec = new ComponentCodec(engine.WasmEngine);
                var outcome = CacheOutcome.Uncached;
                var component = cache is null ? codec.Compile(binary) : cache.GetOrCompile(binary, kind, name, codec, out outcome);
                return new LoadedGuest(path, size, outcome, null, component, engine.WasmEngine);
            }
        }
        catch (WasmtimeException e)
        {
            var what = kind == WasmKind.CoreModule ? "module" : "component";
            throw new WasmLoadException(path, $"invalid WebAssembly {what}: {Describe(e)}", e);
        }
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                throw new WasmLoadException(path, "is a directory, not a .wasm file");
            }
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new WasmLoadException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new WasmLoadException(path, "file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new WasmLoadException(path, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new WasmLoadException(path, $"cannot read: {e.Message}", e);
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
