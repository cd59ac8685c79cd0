using Capsule.Hosting.Generated.Wasi.Keyvalue.Atomics;
using Capsule.Hosting.Generated.Wasi.Keyvalue.Batch;
using Capsule.Hosting.Generated.Wasi.Keyvalue.Store;
using Capsule.Wit.Bindings;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// <c>wasi:keyvalue</c> store, atomics and batch (@0.2.0-draft2) for one instance, over the same
/// <see cref="KeyValueStoreTable"/> as Spin's interface (a bucket is a store by label). A backend
/// failure is the guest's <c>other</c> error, never a trap. Keys are listed in one response (no cursor).
/// </summary>
internal sealed class WasiKeyValueHost(KeyValueStoreTable table) : IStore, IBucketHost, IAtomics, ICasHost, IBatch
{
    // A compare-and-swap in progress: the value the guest saw when it began.
    private sealed record CasEntry(IKeyValueStore Store, string Key, byte[]? Expected);

    private readonly Services.OpenHandles<CasEntry> _cas = new(KeyValueLimits.MaxOpenStores);

    public IBucketHost Bucket => this;

    public ICasHost Cas => this;

    public Result<Resource<Bucket>, Error> Open(string identifier) =>
        Call(() => new Resource<Bucket>((uint)table.Open(identifier)));

    public Result<byte[]?, Error> Get(Borrow<Bucket> self, string key) => Call(() => StoreOf(self).Get(key));

    public Result<Unit, Error> Set(Borrow<Bucket> self, string key, ReadOnlySpan<byte> value)
    {
        try
        {
            StoreOf(self).Set(key, value);
            return default(Unit);
        }
        catch (KeyValueException e)
        {
            return ErrorOf(e);
        }
    }

    public Result<Unit, Error> Delete(Borrow<Bucket> self, string key) => Call(() =>
    {
        StoreOf(self).Delete(key);
        return default(Unit);
    });

    public Result<bool, Error> Exists(Borrow<Bucket> self, string key) => Call(() => StoreOf(self).Exists(key));

    public Result<KeyResponse, Error> ListKeys(Borrow<Bucket> self, string? cursor) => cursor is null
        ? Call(() => new KeyResponse(StoreOf(self).GetKeys(), null))
        : new Error.Other("cursors are not supported: the first response lists every key");

    public void Drop(Resource<Bucket> self) => table.Close((int)self.Handle);

    public Result<long, Error> Increment(Borrow<Bucket> bucket, string key, long delta) =>
        Call(() => StoreOf(bucket).Increment(key, delta));

    public Result<Resource<Cas>, Error> New(Borrow<Bucket> bucket, string key) => Call(() => Begin(StoreOf(bucket), key));

    public Result<byte[]?, Error> Current(Borrow<Cas> self) => Call(() => CasOf(self.Handle).Expected);

    public Result<Unit, CasError> Swap(Resource<Cas> cas, ReadOnlySpan<byte> value)
    {
        try
        {
            var entry = CasOf(cas.Handle);
            _cas.Remove((int)cas.Handle);
            if (entry.Store.CompareAndSwap(entry.Key, entry.Expected, value))
            {
                return default(Unit);
            }
            // As Spin: the guest gets a new handle holding the value now there, to retry with.
            return new CasError.CasFailed(Begin(entry.Store, entry.Key));
        }
        catch (KeyValueException e)
        {
            return new CasError.StoreError(ErrorOf(e));
        }
    }

    public void Drop(Resource<Cas> self) => _cas.Remove((int)self.Handle);

    public Result<IReadOnlyList<(string, byte[]?)>, Error> GetMany(Borrow<Bucket> bucket, IReadOnlyList<string> keys) => Call(() =>
    {
        var found = StoreOf(bucket).GetMany(keys).ToDictionary(StringComparer.Ordinal);
        return (IReadOnlyList<(string, byte[]?)>)[.. keys.Select(k => (k, found.GetValueOrDefault(k)))];
    });

    public Result<Unit, Error> SetMany(Borrow<Bucket> bucket, IReadOnlyList<(string, byte[])> keyValues) => Call(() =>
    {
        StoreOf(bucket).SetMany([.. keyValues.Select(p => KeyValuePair.Create(p.Item1, p.Item2))]);
        return default(Unit);
    });

    public Result<Unit, Error> DeleteMany(Borrow<Bucket> bucket, IReadOnlyList<string> keys) => Call(() =>
    {
        StoreOf(bucket).DeleteMany(keys);
        return default(Unit);
    });

    private Resource<Cas> Begin(IKeyValueStore store, string key)
    {
        if (_cas.IsFull)
        {
            throw KeyValueException.Other($"more than {_cas.Capacity} compare-and-swap handles are open");
        }
        return new Resource<Cas>((uint)_cas.Add(new CasEntry(store, key, store.Get(key))));
    }

    private IKeyValueStore StoreOf(Borrow<Bucket> self) => table.Get((int)self.Handle);

    private CasEntry CasOf(uint handle) =>
        _cas.TryGet((int)handle, out var entry) ? entry : throw KeyValueException.Other("the compare-and-swap handle is not open");

    private static Result<T, Error> Call<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (KeyValueException e)
        {
            return ErrorOf(e);
        }
    }

    // wasi:keyvalue has no store-table-full: it is an `other` with the same text.
    private static Error ErrorOf(KeyValueException e) => e.Error switch
    {
        KeyValueError.NoSuchStore => new Error.NoSuchStore(),
        KeyValueError.AccessDenied => new Error.AccessDenied(),
        _ => new Error.Other(e.Message),
    };
}
