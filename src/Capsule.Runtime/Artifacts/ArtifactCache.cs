using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// Precompiled modules and components on disk (decision 3), keyed by the
/// SHA-256 of the wasm bytes plus the engine fingerprint. An entry that is
/// corrupt, truncated, foreign or rejected by Wasmtime is discarded and
/// rebuilt; a cache that cannot be written only costs the next run a compile.
/// Thread-safe: entries are written to a temporary file and renamed.
/// </summary>
public sealed class ArtifactCache
{
    private readonly string _engineFolder;
    private readonly string _fingerprint;
    private readonly ILogger _logger;

    /// <summary>Creates a cache under <paramref name="directory"/> for artifacts of <paramref name="engine"/>.</summary>
    public ArtifactCache(string directory, CapsuleEngine engine, ILogger<ArtifactCache>? logger = null)
    {
        Directory = directory;
        _fingerprint = engine.Fingerprint;
        _engineFolder = Path.Combine(directory, engine.Fingerprint);
        _logger = logger ?? NullLogger<ArtifactCache>.Instance;
    }

    /// <summary>The cache's root folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Returns the compiled form of <paramref name="wasm"/>: loaded from the
    /// cache when a valid entry exists, else compiled and stored.
    /// </summary>
    /// <param name="wasm">The binary module or component.</param>
    /// <param name="kind">Entries of different kinds never collide.</param>
    /// <param name="sourceName">Names the source in log lines.</param>
    /// <param name="codec">How to compile, serialize and deserialize this kind.</param>
    /// <param name="outcome">Whether the entry was compiled, loaded or rebuilt.</param>
    public T GetOrCompile<T>(byte[] wasm, WasmKind kind, string sourceName, IArtifactCodec<T> codec, out CacheOutcome outcome)
        where T : class
    {
        var wasmHash = Convert.ToHexStringLower(SHA256.HashData(wasm));
        var entryPath = Path.Combine(_engineFolder, $"{wasmHash}.{KindTag(kind)}.cwasm");
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{_fingerprint}/{KindTag(kind)}/{wasmHash}"));

        outcome = CacheOutcome.Compiled;
        if (File.Exists(entryPath))
        {
            var stopwatch = Stopwatch.StartNew();
            var loaded = TryLoad(entryPath, key, codec, out var problem);
            if (loaded is not null)
            {
                ArtifactCacheLog.Loaded(_logger, sourceName, stopwatch.Elapsed.TotalMilliseconds, entryPath);
                outcome = CacheOutcome.Loaded;
                return loaded;
            }
            ArtifactCacheLog.Discarded(_logger, entryPath, problem!);
            TryDelete(entryPath);
            outcome = CacheOutcome.Rebuilt;
        }

        var compileTime = Stopwatch.StartNew();
        var compiled = codec.Compile(wasm);
        var elapsed = compileTime.Elapsed.TotalMilliseconds;
        Store(entryPath, key, codec.Serialize(compiled));
        ArtifactCacheLog.Compiled(_logger, sourceName, elapsed, entryPath);
        return compiled;
    }

    private static T? TryLoad<T>(string entryPath, byte[] key, IArtifactCodec<T> codec, out string? problem)
        where T : class
    {
        byte[] entry;
        try
        {
            entry = File.ReadAllBytes(entryPath);
        }
        catch (IOException e)
        {
            problem = $"unreadable ({e.Message})";
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            problem = $"unreadable ({e.Message})";
            return null;
        }
        var payload = ArtifactEnvelope.Unwrap(entry, key, out problem);
        if (problem is not null)
        {
            return null;
        }
        try
        {
            return codec.Deserialize(payload);
        }
        catch (Wasmtime.WasmtimeException e)
        {
            problem = $"rejected by Wasmtime ({FirstLine(e.Message)})";
            return null;
        }
    }

    private void Store(string entryPath, byte[] key, byte[] artifact)
    {
        var temp = $"{entryPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(_engineFolder);
            File.WriteAllBytes(temp, ArtifactEnvelope.Wrap(key, artifact));
            File.Move(temp, entryPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ArtifactCacheLog.WriteFailed(_logger, entryPath, e.Message);
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale file only costs a later recompile; never fail a run for it.
        }
    }

    private static string KindTag(WasmKind kind) => kind == WasmKind.Component ? "component" : "module";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
