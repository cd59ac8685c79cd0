using Capsule.Wasi.Generated.Wasi.Http.Types;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>wasi:http requests: the one the guest handles, the ones it sends, and their options.</summary>
internal sealed partial class HttpHost : IIncomingRequestHost, IOutgoingRequestHost, IRequestOptionsHost
{
    Method IIncomingRequestHost.Method(Borrow<Types.IncomingRequest> self) => WitValues.ToMethod(Get<IncomingRequest>(self.Handle).Method);

    string? IIncomingRequestHost.PathWithQuery(Borrow<Types.IncomingRequest> self) => Get<IncomingRequest>(self.Handle).PathWithQuery;

    Scheme? IIncomingRequestHost.Scheme(Borrow<Types.IncomingRequest> self) => WitValues.ToScheme(Get<IncomingRequest>(self.Handle).Scheme);

    string? IIncomingRequestHost.Authority(Borrow<Types.IncomingRequest> self) => Get<IncomingRequest>(self.Handle).Authority;

    // Built now: a reused instance may keep the handle past this request (see Fields.Built).
    Resource<Types.Fields> IIncomingRequestHost.Headers(Borrow<Types.IncomingRequest> self) =>
        Own<Types.Fields>(Get<IncomingRequest>(self.Handle).Headers.Built());

    Result<Resource<Types.IncomingBody>, Unit> IIncomingRequestHost.Consume(Borrow<Types.IncomingRequest> self) =>
        Once<IncomingRequest, Types.IncomingBody>(Get<IncomingRequest>(self.Handle), static r => r.Consume());

    void IIncomingRequestHost.Drop(Resource<Types.IncomingRequest> self) => Delete(self.Handle);

    Resource<Types.OutgoingRequest> IOutgoingRequestHost.New(Resource<Types.Fields> headers) =>
        Own<Types.OutgoingRequest>(new OutgoingRequest(Take<Fields>(headers.Handle)));

    Result<Resource<Types.OutgoingBody>, Unit> IOutgoingRequestHost.Body(Borrow<Types.OutgoingRequest> self) =>
        Once<OutgoingRequest, Types.OutgoingBody>(Get<OutgoingRequest>(self.Handle), static r => r.Body());

    Method IOutgoingRequestHost.Method(Borrow<Types.OutgoingRequest> self) => WitValues.ToMethod(Get<OutgoingRequest>(self.Handle).Method);

    Result<Unit, Unit> IOutgoingRequestHost.SetMethod(Borrow<Types.OutgoingRequest> self, Method method)
    {
        var request = Get<OutgoingRequest>(self.Handle);
        var name = WitValues.MethodName(method);
        var valid = Http.Fields.IsToken(name);
        if (valid)
        {
            request.Method = name;
        }
        return Checked(valid);
    }

    string? IOutgoingRequestHost.PathWithQuery(Borrow<Types.OutgoingRequest> self) => Get<OutgoingRequest>(self.Handle).PathWithQuery;

    Result<Unit, Unit> IOutgoingRequestHost.SetPathWithQuery(Borrow<Types.OutgoingRequest> self, string? pathWithQuery)
    {
        var request = Get<OutgoingRequest>(self.Handle);
        var valid = pathWithQuery is null || (pathWithQuery.StartsWith('/') && !HasWhiteSpace(pathWithQuery));
        if (valid)
        {
            request.PathWithQuery = pathWithQuery;
        }
        return Checked(valid);
    }

    Scheme? IOutgoingRequestHost.Scheme(Borrow<Types.OutgoingRequest> self) => WitValues.ToScheme(Get<OutgoingRequest>(self.Handle).Scheme);

    Result<Unit, Unit> IOutgoingRequestHost.SetScheme(Borrow<Types.OutgoingRequest> self, Scheme? scheme)
    {
        var request = Get<OutgoingRequest>(self.Handle);
        var name = WitValues.SchemeName(scheme);
        var valid = name is null or "http" or "https";
        if (valid)
        {
            request.Scheme = name;
        }
        return Checked(valid);
    }

    string? IOutgoingRequestHost.Authority(Borrow<Types.OutgoingRequest> self) => Get<OutgoingRequest>(self.Handle).Authority;

    Result<Unit, Unit> IOutgoingRequestHost.SetAuthority(Borrow<Types.OutgoingRequest> self, string? authority)
    {
        var request = Get<OutgoingRequest>(self.Handle);
        var valid = authority is null
            || Uri.TryCreate($"http://{authority}/", UriKind.Absolute, out var parsed) && parsed.PathAndQuery == "/" && parsed.UserInfo.Length == 0;
        if (valid)
        {
            request.Authority = authority;
        }
        return Checked(valid);
    }

    Resource<Types.Fields> IOutgoingRequestHost.Headers(Borrow<Types.OutgoingRequest> self) =>
        Own<Types.Fields>(Get<OutgoingRequest>(self.Handle).Headers.AsImmutable());

    void IOutgoingRequestHost.Drop(Resource<Types.OutgoingRequest> self) => Delete(self.Handle);

    Resource<Types.RequestOptions> IRequestOptionsHost.New() => Own<Types.RequestOptions>(new RequestOptions());

    ulong? IRequestOptionsHost.ConnectTimeout(Borrow<Types.RequestOptions> self) => Get<RequestOptions>(self.Handle).ConnectTimeout;

    Result<Unit, Unit> IRequestOptionsHost.SetConnectTimeout(Borrow<Types.RequestOptions> self, ulong? duration)
    {
        Get<RequestOptions>(self.Handle).ConnectTimeout = duration;
        return Accepted;
    }

    ulong? IRequestOptionsHost.FirstByteTimeout(Borrow<Types.RequestOptions> self) => Get<RequestOptions>(self.Handle).FirstByteTimeout;

    Result<Unit, Unit> IRequestOptionsHost.SetFirstByteTimeout(Borrow<Types.RequestOptions> self, ulong? duration)
    {
        Get<RequestOptions>(self.Handle).FirstByteTimeout = duration;
        return Accepted;
    }

    ulong? IRequestOptionsHost.BetweenBytesTimeout(Borrow<Types.RequestOptions> self) => Get<RequestOptions>(self.Handle).BetweenBytesTimeout;

    Result<Unit, Unit> IRequestOptionsHost.SetBetweenBytesTimeout(Borrow<Types.RequestOptions> self, ulong? duration)
    {
        Get<RequestOptions>(self.Handle).BetweenBytesTimeout = duration;
        return Accepted;
    }

    void IRequestOptionsHost.Drop(Resource<Types.RequestOptions> self) => Delete(self.Handle);

    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }
        return false;
    }
}
