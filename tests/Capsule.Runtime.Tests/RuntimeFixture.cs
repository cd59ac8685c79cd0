using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Tests;

/// <summary>One engine and runner for a test class, as a process would have; guests load without a cache.</summary>
public sealed class RuntimeFixture : IDisposable
{
    public RuntimeFixture()
    {
        Engine = new CapsuleEngine(EngineSettings.Default with { ConsumeFuel = true });
        Runner = new GuestRunner(Engine);
        Loader = new GuestLoader(Engine, cache: null);
    }

    public CapsuleEngine Engine { get; }

    public GuestRunner Runner { get; }

    public GuestLoader Loader { get; }

    /// <summary>Loads a built guest, runs it with <paramref name="grants"/> and captures its output.</summary>
    public (RunResult Result, string Stdout, string Stderr) Run(string guestFile, GuestGrants? grants = null)
    {
        using var guest = Loader.Load(Guests.Get(guestFile));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var output = GuestOutput.ToCallbacks(data => stdout.Write(data), data => stderr.Write(data));
        var result = Runner.Run(guest, grants ?? GuestGrants.None, output);
        return (result, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public void Dispose()
    {
        Runner.Dispose();
        Engine.Dispose();
    }
}
