using Capsule.Wasi.Generated.Wasi.Http.Types;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>wasi:http bodies and their trailers.</summary>
internal sealed partial class HttpHost : IIncomingBodyHost, IOutgoingBodyHost, IFutureTrailersHost
{
    Result<Resource<Generated.Wasi.Io.Streams.InputStream>, Unit> IIncomingBodyHost.Stream(Borrow<Types.IncomingBody> self) =>
        Once<IncomingBody, Generated.Wasi.Io.Streams.InputStream>(Get<IncomingBody>(self.Handle), static b => b.Stream());

    Resource<Types.FutureTrailers> IIncomingBodyHost.Finish(Resource<Types.IncomingBody> @this)
    {
        var body = Take<IncomingBody>(@this.Handle);
        var trailers = body.Finish();
        body.Dispose();
        return Own<Types.FutureTrailers>(trailers);
    }

    void IIncomingBodyHost.Drop(Resource<Types.IncomingBody> self) => Delete(self.Handle);

    Result<Resource<Generated.Wasi.Io.Streams.OutputStream>, Unit> IOutgoingBodyHost.Write(Borrow<Types.OutgoingBody> self) =>
        Once<OutgoingBody, Generated.Wasi.Io.Streams.OutputStream>(Get<OutgoingBody>(self.Handle), static b => b.Write());

    Result<Unit, ErrorCode> IOutgoingBodyHost.Finish(Resource<Types.OutgoingBody> @this, Resource<Types.Fields>? trailers)
    {
        var body = Take<OutgoingBody>(@this.Handle);
        // Trailers are accepted and dropped: Capsule does not send trailers yet.
        if (trailers is { } given)
        {
            _ = Take<Fields>(given.Handle);
        }
        body.Finish();
        return Unit.Value;
    }

    void IOutgoingBodyHost.Drop(Resource<Types.OutgoingBody> self) => Delete(self.Handle);

    Resource<Generated.Wasi.Io.Poll.Pollable> IFutureTrailersHost.Subscribe(Borrow<Types.FutureTrailers> self)
    {
        _ = Get<FutureTrailers>(self.Handle);
        return Own<Generated.Wasi.Io.Poll.Pollable>(Io.ReadyPollable.Instance);
    }

    Result<Result<Resource<Types.Fields>?, ErrorCode>, Unit>? IFutureTrailersHost.Get(Borrow<Types.FutureTrailers> self)
    {
        var future = Get<FutureTrailers>(self.Handle);
        if (future.Taken)
        {
            return Result<Result<Resource<Types.Fields>?, ErrorCode>, Unit>.Err(Unit.Value);
        }
        var trailers = future.Take();
        return Result<Resource<Types.Fields>?, ErrorCode>.Ok(trailers is null ? null : Own<Types.Fields>(trailers));
    }

    void IFutureTrailersHost.Drop(Resource<Types.FutureTrailers> self) => Delete(self.Handle);
}
