using Capsule.Wasi.Generated.Wasi.Http.Types;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>wasi:http fields (headers and trailers) on <see cref="Fields"/>.</summary>
internal sealed partial class HttpHost : IFieldsHost
{
    Resource<Types.Fields> IFieldsHost.New() => Own<Types.Fields>(new Fields());

    Result<Resource<Types.Fields>, Types.HeaderError> IFieldsHost.FromList(IReadOnlyList<(string, byte[])> entries)
    {
        var made = WitErrors.Headers(entries, static e => Http.Fields.FromList(e));
        return made.IsOk ? Own<Types.Fields>(made.Value) : made.Error;
    }

    IReadOnlyList<byte[]> IFieldsHost.Get(Borrow<Types.Fields> self, string name) => Get<Fields>(self.Handle).Get(name);

    bool IFieldsHost.Has(Borrow<Types.Fields> self, string name) => Get<Fields>(self.Handle).Has(name);

    Result<Unit, Types.HeaderError> IFieldsHost.Set(Borrow<Types.Fields> self, string name, IReadOnlyList<byte[]> value) =>
        WitErrors.Headers((Fields: Get<Fields>(self.Handle), name, value), static a => a.Fields.Set(a.name, a.value));

    Result<Unit, Types.HeaderError> IFieldsHost.Delete(Borrow<Types.Fields> self, string name) =>
        WitErrors.Headers((Fields: Get<Fields>(self.Handle), name), static a => a.Fields.Delete(a.name));

    Result<Unit, Types.HeaderError> IFieldsHost.Append(Borrow<Types.Fields> self, string name, ReadOnlySpan<byte> value) =>
        // The span is the call's own buffer: the fields keep a copy.
        WitErrors.Headers((Fields: Get<Fields>(self.Handle), name, Value: value.ToArray()), static a => a.Fields.Append(a.name, a.Value));

    IReadOnlyList<(string, byte[])> IFieldsHost.Entries(Borrow<Types.Fields> self) => Get<Fields>(self.Handle).EntryPairs();

    Resource<Types.Fields> IFieldsHost.Clone(Borrow<Types.Fields> self) => Own<Types.Fields>(Get<Fields>(self.Handle).Clone());

    void IFieldsHost.Drop(Resource<Types.Fields> self) => Delete(self.Handle);
}
