using Capsule.Hosting.Generated.Fermyon.Spin.KeyValue;
using Capsule.Wit.Bindings;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// <c>fermyon:spin/key-value@2.0.0</c> for one instance, over its <see cref="KeyValueStoreTable"/>.
/// A backend failure is the guest's <c>other</c> error, never a trap.
/// </summary>
internal sealed class SpinKeyValueHost(KeyValueStoreTable table) : IKeyValue, IStoreHost
{
    public IStoreHost Store => this;

    public Result<Resource<Store>, Error> Open(string label) =>
        Call(() => new Resource<Store>((uint)table.Open(label)));

    public Result<byte[]?, Error> Get(Borrow<Store> self, string key) => Call(() => StoreOf(self).Get(key));

    public Result<Unit, Error> Set(Borrow<Store> self, string key, ReadOnlySpan<byte> value)
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

    public Result<Unit, Error> Delete(Borrow<Store> self, string key) => Call(() =>
    {
        StoreOf(self).Delete(key);
        return default(Unit);
    });

    public Result<bool, Error> Exists(Borrow<Store> self, string key) => Call(() => StoreOf(self).Exists(key));

    public Result<IReadOnlyList<string>, Error> GetKeys(Borrow<Store> self) => Call(() => StoreOf(self).GetKeys());

    public void Drop(Resource<Store> self) => table.Close((int)self.Handle);

    private IKeyValueStore StoreOf(Borrow<Store> self) => table.Get((int)self.Handle);

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

    private static Error ErrorOf(KeyValueException e) => e.Error switch
    {
        KeyValueError.StoreTableFull => new Error.StoreTableFull(),
        KeyValueError.NoSuchStore => new Error.NoSuchStore(),
        KeyValueError.AccessDenied => new Error.AccessDenied(),
        _ => new Error.Other(e.Message),
    };
}
