using Capsule.Wasi.Generated.Wasi.Http.Types;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>wasi:http responses: the one the guest answers with, and the ones its requests receive.</summary>
internal sealed partial class HttpHost : IResponseOutparamHost, IOutgoingResponseHost, IIncomingResponseHost, IFutureIncomingResponseHost
{
    void IResponseOutparamHost.Set(Resource<Types.ResponseOutparam> param, Result<Resource<Types.OutgoingResponse>, ErrorCode> response)
    {
        var outparam = Take<ResponseOutparam>(param.Handle);
        if (response.IsOk)
        {
            outparam.Set(Take<OutgoingResponse>(response.Value.Handle), null);
        }
        else
        {
            outparam.Set(null, WitErrors.FromWit(response.Error));
        }
    }

    // Dropped without set: the host answers 500 instead of waiting forever.
    void IResponseOutparamHost.Drop(Resource<Types.ResponseOutparam> self) => Take<ResponseOutparam>(self.Handle).Abandon();

    Resource<Types.OutgoingResponse> IOutgoingResponseHost.New(Resource<Types.Fields> headers) =>
        Own<Types.OutgoingResponse>(new OutgoingResponse(Take<Fields>(headers.Handle)));

    ushort IOutgoingResponseHost.StatusCode(Borrow<Types.OutgoingResponse> self) => (ushort)Get<OutgoingResponse>(self.Handle).StatusCode;

    Result<Unit, Unit> IOutgoingResponseHost.SetStatusCode(Borrow<Types.OutgoingResponse> self, ushort statusCode) =>
        Checked(Get<OutgoingResponse>(self.Handle).SetStatusCode(statusCode));

    Resource<Types.Fields> IOutgoingResponseHost.Headers(Borrow<Types.OutgoingResponse> self) =>
        Own<Types.Fields>(Get<OutgoingResponse>(self.Handle).Headers.AsImmutable());

    Result<Resource<Types.OutgoingBody>, Unit> IOutgoingResponseHost.Body(Borrow<Types.OutgoingResponse> self) =>
        Once<OutgoingResponse, Types.OutgoingBody>(Get<OutgoingResponse>(self.Handle), static r => r.Body());

    void IOutgoingResponseHost.Drop(Resource<Types.OutgoingResponse> self) => Delete(self.Handle);

    ushort IIncomingResponseHost.Status(Borrow<Types.IncomingResponse> self) => (ushort)Get<IncomingResponse>(self.Handle).Status;

    Resource<Types.Fields> IIncomingResponseHost.Headers(Borrow<Types.IncomingResponse> self) =>
        Own<Types.Fields>(Get<IncomingResponse>(self.Handle).Headers);

    Result<Resource<Types.IncomingBody>, Unit> IIncomingResponseHost.Consume(Borrow<Types.IncomingResponse> self) =>
        Once<IncomingResponse, Types.IncomingBody>(Get<IncomingResponse>(self.Handle), static r => r.Consume());

    void IIncomingResponseHost.Drop(Resource<Types.IncomingResponse> self) => Delete(self.Handle);

    Resource<Generated.Wasi.Io.Poll.Pollable> IFutureIncomingResponseHost.Subscribe(Borrow<Types.FutureIncomingResponse> self) =>
        Own<Generated.Wasi.Io.Poll.Pollable>(Get<FutureIncomingResponse>(self.Handle).Subscribe());

    Result<Result<Resource<Types.IncomingResponse>, ErrorCode>, Unit>? IFutureIncomingResponseHost.Get(Borrow<Types.FutureIncomingResponse> self)
    {
        var (ready, alreadyTaken, response, error) = Get<FutureIncomingResponse>(self.Handle).Get();
        if (!ready)
        {
            return null;
        }
        if (alreadyTaken)
        {
            return Result<Result<Resource<Types.IncomingResponse>, ErrorCode>, Unit>.Err(Unit.Value);
        }
        return response is not null
            ? Result<Resource<Types.IncomingResponse>, ErrorCode>.Ok(Own<Types.IncomingResponse>(response))
            : Result<Resource<Types.IncomingResponse>, ErrorCode>.Err(WitErrors.ToWit(error!));
    }

    void IFutureIncomingResponseHost.Drop(Resource<Types.FutureIncomingResponse> self) => Delete(self.Handle);
}
