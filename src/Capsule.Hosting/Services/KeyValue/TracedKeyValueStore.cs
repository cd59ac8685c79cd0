using Capsule.Runtime.Diagnostics;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// A store whose every call is a <c>key_value</c> span and a <c>capsule.service.call.duration</c>
/// measurement (<see cref="CapsuleTelemetry.StartServiceCall"/>: nothing when nobody listens).
/// The app's store stays open: an instance's table holds this view of it.
/// </summary>
internal sealed class TracedKeyValueStore(IKeyValueStore store) : IKeyValueStore
{
    private const string Service = "key_value";

    public byte[]? Get(string key)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "get");
        return store.Get(key);
    }

    public void Set(string key, ReadOnlySpan<byte> value)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "set");
        store.Set(key, value);
    }

    public void Delete(string key)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "delete");
        store.Delete(key);
    }

    public bool Exists(string key)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "exists");
        return store.Exists(key);
    }

    public IReadOnlyList<string> GetKeys()
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "get_keys");
        return store.GetKeys();
    }

    public long Increment(string key, long delta)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "increment");
        return store.Increment(key, delta);
    }

    public bool CompareAndSwap(string key, byte[]? expected, ReadOnlySpan<byte> value)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "compare_and_swap");
        return store.CompareAndSwap(key, expected, value);
    }

    public IReadOnlyList<KeyValuePair<string, byte[]>> GetMany(IReadOnlyList<string> keys)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "get_many");
        return store.GetMany(keys);
    }

    public void SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> pairs)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "set_many");
        store.SetMany(pairs);
    }

    public void DeleteMany(IReadOnlyList<string> keys)
    {
        using var call = CapsuleTelemetry.StartServiceCall(Service, "delete_many");
        store.DeleteMany(keys);
    }
}
