using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Tests;

/// <summary>One engine with both hosts: Capsule's WASI 0.2 (under test) and Wasmtime's (the reference).</summary>
public sealed class WasiHostFixture : IDisposable
{
    public WasiHostFixture()
    {
        Engine = new CapsuleEngine();
        Host = new WasiHost(Engine);
        Reference = new GuestRunner(Engine);
        // A cache of its own, so the 13 MB JS guests compile once per test run.
        Loader = new GuestLoader(Engine, new ArtifactCache(_cacheDir.Path, Engine));
    }

    private readonly TempDir _cacheDir = new();

    public CapsuleEngine Engine { get; }

    public WasiHost Host { get; }

    public GuestRunner Reference { get; }

    public GuestLoader Loader { get; }

    public (RunResult Result, string Stdout, string Stderr) RunOnCapsule(string guestFile, GuestGrants grants) =>
        Run(guestFile, grants, (guest, output) => Host.RunCommand(guest, grants, output));

    public (RunResult Result, string Stdout, string Stderr) RunOnWasmtime(string guestFile, GuestGrants grants) =>
        Run(guestFile, grants, (guest, output) => Reference.Run(guest, grants, output));

    /// <summary>
    /// Instantiates a component written in text (tests/guests/wat-components/FILE)
    /// on Capsule's host with nothing granted, calls its <c>run: func() -> u32</c>,
    /// and returns the result and how many handles the guest left in the table.
    /// </summary>
    public (uint Result, int HandlesLeft) RunWatComponent(string file)
    {
        var (result, handlesLeft, _) = RunWatComponent(file, []);
        return (result, handlesLeft);
    }

    /// <summary>The same with <paramref name="stdin"/> as the guest's stdin; also returns what it wrote to stdout.</summary>
    public (uint Result, int HandlesLeft, byte[] Stdout) RunWatComponent(string file, byte[] stdin)
    {
        var path = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", file);
        using var component = Wasmtime.Components.Component.FromTextFile(Engine.WasmEngine, path);
        var stdout = new MemoryStream();
        using var deadline = new RunDeadline(ResourceLimits.Default.Timeout);
        var state = new Runtime.Features.InstanceState(GuestGrants.None, deadline);
        state.Set(new Cli.CliState(
            GuestGrants.None, new Io.DotnetInputStream(new MemoryStream(stdin), ownsStream: true), new Io.CallbackOutputStream(d => stdout.Write(d)), new Io.CallbackOutputStream(_ => { })));
        using var store = new Runtime.Native.ComponentStore(Engine, state, ResourceLimits.Default, deadline);
        var instance = Host.Linker.Instantiate(store, component);
        var result = instance.Call(null, "run", 0, null, 1, results => results[0].U32);
        return (result, state.Table.Count, stdout.ToArray());
    }

    private (RunResult, string, string) Run(string guestFile, GuestGrants grants, Func<LoadedGuest, GuestOutput, RunResult> run)
    {
        using var guest = Loader.Load(Guests.Get(guestFile));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var result = run(guest, GuestOutput.ToCallbacks(d => stdout.Write(d), d => stderr.Write(d)));
        return (result, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public void Dispose()
    {
        Reference.Dispose();
        Host.Dispose();
        Engine.Dispose();
        _cacheDir.Dispose();
    }
}
