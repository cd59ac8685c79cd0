using Capsule.Runtime.Native;
using Capsule.Wasi.Http;
using static Capsule.Wasi.Binding.BindingHelpers;
using static Capsule.Wasi.Binding.HttpTypesBindings;
using static Capsule.Wasi.Binding.HttpValues;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:http/types messages and bodies, and wasi:http/outgoing-handler.</summary>
internal static class HttpBodyBindings
{
    public static void Add(HostInterface types)
    {
        AddIncoming(types);
        AddOutgoing(types);
        AddFutures(types);
    }

    private static void AddIncoming(HostInterface types)
    {
        types.Functions["[method]incoming-body.stream"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<IncomingBody>(args[0]).Stream, (ok, stream) => ok.SetOwn(store, WasiTypes.InputStream, stream));
        types.Functions["[static]incoming-body.finish"] = (store, args, results) =>
        {
            var body = store.Take<IncomingBody>(args[0]);
            var trailers = body.Finish();
            body.Dispose();
            results[0].SetOwn(store, WasiTypes.FutureTrailers, trailers);
        };
        types.Functions["[method]incoming-response.status"] = (store, args, results) => results[0].SetU16((ushort)store.Get<IncomingResponse>(args[0]).Status);
        types.Functions["[method]incoming-response.headers"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Fields, store.Get<IncomingResponse>(args[0]).Headers);
        types.Functions["[method]incoming-response.consume"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<IncomingResponse>(args[0]).Consume, (ok, body) => ok.SetOwn(store, WasiTypes.IncomingBody, body));
    }

    private static void AddOutgoing(HostInterface types)
    {
        types.Functions["[constructor]outgoing-response"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.OutgoingResponse, new OutgoingResponse(store.Take<Fields>(args[0])));
        types.Functions["[method]outgoing-response.status-code"] = (store, args, results) =>
            results[0].SetU16((ushort)store.Get<OutgoingResponse>(args[0]).StatusCode);
        types.Functions["[method]outgoing-response.set-status-code"] = (store, args, results) =>
            results[0].SetResult(store.Get<OutgoingResponse>(args[0]).SetStatusCode(args[1].U16), hasPayload: false);
        types.Functions["[method]outgoing-response.headers"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Fields, store.Get<OutgoingResponse>(args[0]).Headers.AsImmutable());
        types.Functions["[method]outgoing-response.body"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<OutgoingResponse>(args[0]).Body, (ok, body) => ok.SetOwn(store, WasiTypes.OutgoingBody, body));
        types.Functions["[method]outgoing-body.write"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<OutgoingBody>(args[0]).Write, (ok, stream) => ok.SetOwn(store, WasiTypes.OutputStream, stream));
        types.Functions["[static]outgoing-body.finish"] = (store, args, results) =>
        {
            var body = store.Take<OutgoingBody>(args[0]);
            // Trailers are accepted and dropped: Capsule does not send trailers yet.
            if (args[1].TryGetSome(out var trailers))
            {
                _ = store.Take<Fields>(trailers);
            }
            body.Finish();
            results[0].SetResult(ok: true, hasPayload: false);
        };
        types.Functions["[static]response-outparam.set"] = (store, args, results) =>
        {
            var outparam = store.Take<ResponseOutparam>(args[0]);
            if (args[1].IsOk(out var payload, out _))
            {
                outparam.Set(store.Take<OutgoingResponse>(payload), null);
            }
            else
            {
                outparam.Set(null, GetErrorCode(payload));
            }
        };
        types.Functions["[method]response-outparam.send-informational"] = (store, args, results) =>
        {
            _ = store.Get<ResponseOutparam>(args[0]);
            _ = store.Take<Fields>(args[2]);
            SetErrorCode(results[0].SetResult(ok: false, hasPayload: true), HttpErrorCode.Internal("informational responses are not supported"));
        };
    }

    private static void AddFutures(HostInterface types)
    {
        types.Functions["[method]future-trailers.subscribe"] = (store, args, results) =>
        {
            _ = store.Get<FutureTrailers>(args[0]);
            results[0].SetOwn(store, WasiTypes.Pollable, Io.ReadyPollable.Instance);
        };
        // option<result<result<option<trailers>, error-code>>>
        types.Functions["[method]future-trailers.get"] = (store, args, results) =>
        {
            var future = store.Get<FutureTrailers>(args[0]);
            var outer = results[0].SetSome();
            if (future.Taken)
            {
                outer.SetResult(ok: false, hasPayload: false);
                return;
            }
            var trailers = future.Take();
            var inner = outer.SetResult(ok: true, hasPayload: true).SetResult(ok: true, hasPayload: true);
            if (trailers is null)
            {
                inner.SetNone();
            }
            else
            {
                inner.SetSome().SetOwn(store, WasiTypes.Fields, trailers);
            }
        };
        types.Functions["[method]future-incoming-response.subscribe"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Pollable, store.Get<FutureIncomingResponse>(args[0]).Subscribe());
        // option<result<result<incoming-response, error-code>>>
        types.Functions["[method]future-incoming-response.get"] = (store, args, results) =>
        {
            var (ready, alreadyTaken, response, error) = store.Get<FutureIncomingResponse>(args[0]).Get();
            if (!ready)
            {
                results[0].SetNone();
                return;
            }
            var outer = results[0].SetSome();
            if (alreadyTaken)
            {
                outer.SetResult(ok: false, hasPayload: false);
                return;
            }
            var inner = outer.SetResult(ok: true, hasPayload: true);
            if (response is not null)
            {
                inner.SetResult(ok: true, hasPayload: true).SetOwn(store, WasiTypes.IncomingResponse, response);
            }
            else
            {
                SetErrorCode(inner.SetResult(ok: false, hasPayload: true), error!);
            }
        };
    }

    /// <summary>wasi:http/outgoing-handler: send through the allow-list.</summary>
    public static HostInterface CreateOutgoingHandler(OutboundHttp outbound)
    {
        var handler = new HostInterface(WasiTypes.Interface("wasi:http/outgoing-handler"));
        handler.Functions["handle"] = (store, args, results) =>
        {
            var state = store.State;
            var request = store.Take<OutgoingRequest>(args[0]);
            var options = args[1].TryGetSome(out var given) ? store.Take<RequestOptions>(given) : null;
            // Bounded by the run: its deadline, its cancellation and its end stop the exchange.
            var sending = outbound.Send(request, options, state.Grants.AllowedOutboundHosts, state.Deadline.Token);
            if (sending.IsFaulted && sending.Exception?.InnerException is HttpErrorException refused)
            {
                // Refused before any connection (not allowed, bad URI): the error is handle's own result.
                SetErrorCode(results[0].SetResult(ok: false, hasPayload: true), refused.Code);
                return;
            }
            results[0].SetResult(ok: true, hasPayload: true).SetOwn(store, WasiTypes.FutureIncomingResponse, new FutureIncomingResponse(sending));
        };
        return handler;
    }
}
