using System.Text;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Testing;

/// <summary>One instance made by <see cref="FeatureTestKit.Instantiate"/>: its store, its exports, what it wrote.</summary>
public sealed class FeatureInstance : IDisposable
{
    private readonly LoadedGuest _guest;
    private readonly RunDeadline _deadline;
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();

    internal FeatureInstance(WasiHost host, LoadedGuest guest, GuestGrants grants)
    {
        _guest = guest;
        _deadline = new RunDeadline(grants.Limits.Timeout);
        try
        {
            Store = host.CreateStore(grants, GuestOutput.ToCallbacks(d => _stdout.Write(d), d => _stderr.Write(d)), _deadline);
        }
        catch
        {
            _deadline.Dispose();
            throw;
        }
        try
        {
            Instance = host.Linker.Instantiate(Store, guest.Component ?? throw new WasmLoadException(guest.Path, "not a component"));
        }
        catch
        {
            Store.Dispose();
            _deadline.Dispose();
            throw;
        }
    }

    /// <summary>The instance's store; <see cref="ComponentStore.State"/> holds the features' states.</summary>
    public ComponentStore Store { get; }

    /// <summary>The instance, to call its exports.</summary>
    public ComponentInstanceRef Instance { get; }

    /// <summary>What the guest wrote to stdout so far.</summary>
    public string Stdout => Encoding.UTF8.GetString(_stdout.ToArray());

    /// <summary>What the guest wrote to stderr so far.</summary>
    public string Stderr => Encoding.UTF8.GetString(_stderr.ToArray());

    /// <summary>Releases the store (with the features' states), the deadline and the guest.</summary>
    public void Dispose()
    {
        Store.Dispose();
        _deadline.Dispose();
        _guest.Dispose();
    }
}
