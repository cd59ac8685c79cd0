using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Capsule.Runtime.Diagnostics;
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
/// Folders are created 0700; a folder or entry that another user could have
/// written (<see cref="CacheTrust"/>) is not used at all: one warning, then
/// the guest is compiled in memory. Thread- and process-safe: entries are
/// written to a temporary file and renamed, and one process compiles a given
/// entry while the others wait for it (<see cref="CompileLock"/>).
/// </summary>
public sealed class ArtifactCache
{
    private readonly string _engineFolder;
    private readonly string _fingerprint;
    private readonly ILogger _logger;
    private int _warnedUntrustedFolder;
    private string? _createProblem;

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
        StartupTrace.Mark("artifact key hashed");

        if (!PrepareFolders(out var untrusted))
        {
            outcome = untrusted ? CacheOutcome.Untrusted : CacheOutcome.Compiled;
            return CompileInMemory(wasm, sourceName, codec, untrusted ? null : entryPath);
        }
        if (CacheTrust.Problem(entryPath) is { } entryProblem)
        {
            ArtifactCacheLog.Untrusted(_logger, entryPath, entryProblem);
            outcome = CacheOutcome.Untrusted;
            return CompileInMemory(wasm, sourceName, codec, null);
        }
        if (TryLoadExisting(entryPath, key, sourceName, codec, out var rebuilt) is { } loaded)
        {
            outcome = CacheOutcome.Loaded;
            return loaded;
        }

        // Only one process compiles an entry; the others wait, then load it.
        using var compileLock = CompileLock.Acquire($"{entryPath}.lock", LockWait, () => ArtifactCacheLog.Waiting(_logger, sourceName, $"{entryPath}.lock"));
        var rebuiltMeanwhile = false;
        if (compileLock is not null && TryLoadExisting(entryPath, key, sourceName, codec, out rebuiltMeanwhile) is { } compiledByOther)
        {
            outcome = CacheOutcome.Loaded;
            return compiledByOther;
        }
        outcome = rebuilt || rebuiltMeanwhile ? CacheOutcome.Rebuilt : CacheOutcome.Compiled;
        var compileTime = Stopwatch.StartNew();
        var compiled = codec.Compile(wasm);
        var elapsed = compileTime.Elapsed.TotalMilliseconds;
        if (Store(entryPath, key, codec.Serialize(compiled)))
        {
            ArtifactCacheLog.Compiled(_logger, sourceName, elapsed, entryPath);
        }
        else
        {
            ArtifactCacheLog.CompiledNotCached(_logger, sourceName, elapsed);
        }
        return compiled;
    }

    /// <summary>How long a process waits for another one compiling the same entry before compiling itself.</summary>
    public static TimeSpan LockWait { get; } = TimeSpan.FromMinutes(3);

    // Null when there is no usable entry; a damaged one is discarded (rebuilt = true).
    private T? TryLoadExisting<T>(string entryPath, byte[] key, string sourceName, IArtifactCodec<T> codec, out bool rebuilt)
        where T : class
    {
        rebuilt = false;
        if (!File.Exists(entryPath))
        {
            return null;
        }
        var stopwatch = Stopwatch.StartNew();
        var loaded = TryLoad(entryPath, key, codec, out var problem);
        if (loaded is not null)
        {
            ArtifactCacheLog.Loaded(_logger, sourceName, stopwatch.Elapsed.TotalMilliseconds, entryPath);
            return loaded;
        }
        ArtifactCacheLog.Discarded(_logger, entryPath, problem!);
        TryDelete(entryPath);
        rebuilt = true;
        return null;
    }

    // Creates the root and fingerprint folders 0700 and checks that both may
    // be trusted. False when the cache cannot be used: untrusted (warned once
    // per cache) or not creatable (reported when the write would fail).
    private bool PrepareFolders(out bool untrusted)
    {
        untrusted = false;
        foreach (var folder in new[] { Directory, _engineFolder })
        {
            if (CacheTrust.Problem(folder) is { } problem)
            {
                untrusted = true;
                if (Interlocked.Exchange(ref _warnedUntrustedFolder, 1) == 0)
                {
                    ArtifactCacheLog.Untrusted(_logger, folder, problem);
                }
                return false;
            }
            if (!System.IO.Directory.Exists(folder))
            {
                try
                {
                    CacheTrust.CreatePrivateFolder(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _createProblem = e.Message;
                    return false;
                }
                // Checked again: someone may have raced us to the name.
                if (CacheTrust.Problem(folder) is not null)
                {
                    return PrepareFolders(out untrusted);
                }
            }
        }
        return true;
    }

    private T CompileInMemory<T>(byte[] wasm, string sourceName, IArtifactCodec<T> codec, string? unwritableEntry)
        where T : class
    {
        var compileTime = Stopwatch.StartNew();
        var compiled = codec.Compile(wasm);
        if (unwritableEntry is not null)
        {
            ArtifactCacheLog.WriteFailed(_logger, unwritableEntry, _createProblem ?? "cannot create the cache folder");
        }
        ArtifactCacheLog.CompiledNotCached(_logger, sourceName, compileTime.Elapsed.TotalMilliseconds);
        return compiled;
    }

    private static T? TryLoad<T>(string entryPath, byte[] key, IArtifactCodec<T> codec, out string? problem)
        where T : class
    {
        try
        {
            using var file = File.OpenHandle(entryPath);
            problem = ArtifactEnvelope.Check(file, key);
            StartupTrace.Mark("artifact checked");
            if (problem is not null)
            {
                return null;
            }
            // Mapped through the open handle, so the code mapped is the file just
            // checked even if the name has been replaced since.
            return codec.DeserializeFile(MappablePath(file, entryPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable ({e.Message})";
            return null;
        }
        catch (Wasmtime.WasmtimeException e)
        {
            problem = $"rejected by Wasmtime ({FirstLine(e.Message)})";
            return null;
        }
    }

    private static readonly bool HasProcFd = OperatingSystem.IsLinux() && System.IO.Directory.Exists("/proc/self/fd");

    private static string MappablePath(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path) =>
        HasProcFd ? $"/proc/self/fd/{file.DangerousGetHandle()}" : path;

    // True when the entry is on disk. Written to a temporary file (0600:
    // only this user may replace it) and renamed, so readers never see half.
    private bool Store(string entryPath, byte[] key, byte[] artifact)
    {
        var temp = $"{entryPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = CacheTrust.CreatePrivateFile(temp))
            {
                file.Write(ArtifactEnvelope.Wrap(key, artifact));
            }
            File.Move(temp, entryPath, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ArtifactCacheLog.WriteFailed(_logger, entryPath, e.Message);
            TryDelete(temp);
            return false;
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
