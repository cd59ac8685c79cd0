using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Logging;

namespace Capsule.Runtime.Tests;

/// <summary>
/// A cache entry is native code Capsule maps executable: a forger who can
/// write one runs code as the user. These tests plant trap.wasm's compiled
/// code under hello.wasm's key (a valid envelope: its hash covers only public
/// data) and check when it is, and is not, used. Tests run as root, so
/// "another user" is uid 65534 (nobody), set with chown.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ArtifactCacheTrustTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>, IDisposable
{
    private const int Nobody = 65534;
    private readonly TempDir _temp = new();
    private readonly List<string> _warnings = [];

    private string Root => _temp.Combine("cache");

    private string FingerprintFolder => Path.Combine(Root, runtime.Engine.Fingerprint);

    private LoadedGuest Load(string guest) =>
        new GuestLoader(runtime.Engine, new ArtifactCache(Root, runtime.Engine, new WarningLog(_warnings))).Load(Guests.Get(guest));

    // Writes trap.wasm's compiled code where hello.wasm's entry belongs, with hello's key.
    private string PlantForgedHelloEntry()
    {
        using var scratch = new TempDir();
        new GuestLoader(runtime.Engine, new ArtifactCache(scratch.Path, runtime.Engine)).Load(Guests.Get("trap.wasm")).Dispose();
        var trapEntry = File.ReadAllBytes(Directory.GetFiles(scratch.Path, "*.cwasm", SearchOption.AllDirectories).Single());

        var helloHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Guests.Get("hello.wasm"))));
        var helloKey = SHA256.HashData(Encoding.UTF8.GetBytes($"{runtime.Engine.Fingerprint}/module/{helloHash}"));
        var forged = ArtifactEnvelope.Wrap(helloKey, trapEntry.AsSpan(0, trapEntry.Length - ArtifactEnvelope.TrailerLength));
        Directory.CreateDirectory(FingerprintFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(FingerprintFolder, $"{helloHash}.module.cwasm");
        File.WriteAllBytes(path, forged);
        return path;
    }

    private RunOutcome RunHello(LoadedGuest guest, out string stdout)
    {
        var output = new MemoryStream();
        var result = runtime.Runner.Run(guest, new GuestGrants(), GuestOutput.ToCallbacks(d => output.Write(d), _ => { }));
        stdout = Encoding.UTF8.GetString(output.ToArray());
        return result.Outcome;
    }

    private void AssertHelloRunsItsOwnCode(LoadedGuest guest)
    {
        Assert.Equal(new RunOutcome.Exited(0), RunHello(guest, out var stdout));
        Assert.Equal("hello from wasm\n", stdout);
    }

    [Fact]
    public void Cache_folders_are_created_private_and_entries_owner_only()
    {
        Load("hello.wasm").Dispose();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(FingerprintFolder));
        var entry = Directory.GetFiles(FingerprintFolder, "*.cwasm").Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(entry));
    }

    [Fact]
    public void Forged_entry_planted_by_another_user_does_not_run_its_code()
    {
        // A shared, world-writable cache folder lets uid 65534 plant an entry.
        var forged = PlantForgedHelloEntry();
        File.SetUnixFileMode(FingerprintFolder, (UnixFileMode)0x1FF);
        Chown(forged, Nobody);

        using var guest = Load("hello.wasm");
        Assert.Equal(CacheOutcome.Untrusted, guest.Cache);
        AssertHelloRunsItsOwnCode(guest);
    }

    [Fact]
    public void World_writable_cache_folder_is_warned_about_and_not_read_or_written()
    {
        var forged = PlantForgedHelloEntry();
        var before = File.ReadAllBytes(forged);
        File.SetUnixFileMode(Root, (UnixFileMode)0x1FF);

        using var guest = Load("hello.wasm");
        Assert.Equal(CacheOutcome.Untrusted, guest.Cache);
        AssertHelloRunsItsOwnCode(guest);
        Assert.Equal($"Warning: Not using the artifact cache at {Root}: it is writable by group or others (mode 0777); compiling in memory", Assert.Single(_warnings));
        Assert.Equal(before, File.ReadAllBytes(forged));
        Assert.Single(Directory.GetFiles(FingerprintFolder));
    }

    [Fact]
    public void Entry_owned_by_another_user_is_not_loaded()
    {
        var forged = PlantForgedHelloEntry();
        Chown(forged, Nobody);

        using var guest = Load("hello.wasm");
        Assert.Equal(CacheOutcome.Untrusted, guest.Cache);
        AssertHelloRunsItsOwnCode(guest);
        Assert.Equal($"Warning: Not using the artifact cache at {forged}: it is owned by uid {Nobody}, not by this user (uid 0); compiling in memory", Assert.Single(_warnings));
    }

    [Fact]
    public void Group_writable_entry_and_symlinked_folder_are_not_used()
    {
        var forged = PlantForgedHelloEntry();
        File.SetUnixFileMode(forged, (UnixFileMode)0x1B4); // 0664
        using (var guest = Load("hello.wasm"))
        {
            Assert.Equal(CacheOutcome.Untrusted, guest.Cache);
            AssertHelloRunsItsOwnCode(guest);
        }

        File.SetUnixFileMode(forged, (UnixFileMode)0x180); // 0600
        var elsewhere = _temp.Combine("elsewhere");
        Directory.Move(FingerprintFolder, elsewhere);
        Directory.CreateSymbolicLink(FingerprintFolder, elsewhere);
        using var linked = Load("hello.wasm");
        Assert.Equal(CacheOutcome.Untrusted, linked.Cache);
        AssertHelloRunsItsOwnCode(linked);
        Assert.Contains(_warnings, w => w.Contains($"{FingerprintFolder}: it is a symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public void Forged_entry_written_by_the_same_user_in_a_private_folder_is_trusted_this_is_the_documented_boundary()
    {
        // Whoever runs as this user can already run code as this user; the
        // cache does not defend against that (README, "Artifact cache").
        PlantForgedHelloEntry();
        using var guest = Load("hello.wasm");
        Assert.Equal(CacheOutcome.Loaded, guest.Cache);
        Assert.IsType<RunOutcome.Trapped>(RunHello(guest, out _));
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start("chown", [$"{uid}:{uid}", path])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    public void Dispose() => _temp.Dispose();

    private sealed class WarningLog(List<string> warnings) : ILogger<ArtifactCache>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (warnings)
                {
                    warnings.Add($"{logLevel}: {formatter(state, exception)}");
                }
            }
        }
    }
}
