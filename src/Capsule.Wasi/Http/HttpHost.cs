using Capsule.Wasi.Generated.Wasi.Http.Types;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>
/// One instance's wasi:http: the request and response types and outbound requests, on the
/// host classes of this folder (<see cref="Fields"/>, <see cref="IncomingRequest"/>, …) kept
/// in the instance's resource table. Made on the instance's first HTTP call (see
/// <see cref="HttpFeature"/>). Each resource is one of the ITypes hosts, implemented
/// explicitly in the partial files (Fields, Requests, Responses) since their members share names.
/// </summary>
internal sealed partial class HttpHost(InstanceState state, OutboundHttp outbound) : ITypes, IOutgoingHandler
{
    private static readonly Result<Unit, Unit> Accepted = Result<Unit, Unit>.Ok(Unit.Value);
    private static readonly Result<Unit, Unit> Refused = Result<Unit, Unit>.Err(Unit.Value);

    /// <summary>The HTTP host of <paramref name="state"/>'s instance, made and kept there on first use.</summary>
    public static HttpHost Of(InstanceState state, OutboundHttp outbound)
    {
        if (state.Find<HttpHost>() is { } host)
        {
            return host;
        }
        host = new HttpHost(state, outbound);
        state.Set(host);
        return host;
    }

    public IFieldsHost Fields => this;

    public IIncomingRequestHost IncomingRequest => this;

    public IOutgoingRequestHost OutgoingRequest => this;

    public IRequestOptionsHost RequestOptions => this;

    public IResponseOutparamHost ResponseOutparam => this;

    public IIncomingResponseHost IncomingResponse => this;

    public IIncomingBodyHost IncomingBody => this;

    public IFutureTrailersHost FutureTrailers => this;

    public IOutgoingResponseHost OutgoingResponse => this;

    public IOutgoingBodyHost OutgoingBody => this;

    public IFutureIncomingResponseHost FutureIncomingResponse => this;

    /// <summary>http-error-code: Capsule's stream errors carry no HTTP error-code.</summary>
    public ErrorCode? HttpErrorCode(Borrow<Generated.Wasi.Io.Error.Error> err)
    {
        _ = Get<Io.IoError>(err.Handle);
        return null;
    }

    /// <summary>outgoing-handler.handle: send through the grants' allow-list.</summary>
    public Result<Resource<Types.FutureIncomingResponse>, ErrorCode> Handle(Resource<Types.OutgoingRequest> request, Resource<Types.RequestOptions>? options)
    {
        var sent = Take<OutgoingRequest>(request.Handle);
        var given = options is { } handle ? Take<RequestOptions>(handle.Handle) : null;
        // Bounded by the run: its deadline, its cancellation and its end stop the exchange.
        var sending = outbound.Send(sent, given, state.Grants.AllowedOutboundHosts, state.Deadline.Token);
        if (sending.IsFaulted && sending.Exception?.InnerException is HttpErrorException refused)
        {
            // Refused before any connection (not allowed, bad URI): the error is handle's own result.
            return WitErrors.ToWit(refused.Code);
        }
        return Own<Types.FutureIncomingResponse>(new FutureIncomingResponse(sending));
    }

    /// <summary>Adds <paramref name="resource"/> to the table: an owned handle of WIT type <typeparamref name="T"/>.</summary>
    private Resource<T> Own<T>(object resource)
        where T : class => new(state.Table.Add(resource));

    /// <summary>The host object behind a handle the guest lends or keeps.</summary>
    private T Get<T>(uint handle)
        where T : class => state.Table.Get<T>(handle);

    /// <summary>The host object behind an owned handle the guest hands over: it leaves the table.</summary>
    private T Take<T>(uint handle)
        where T : class => state.Table.Take<T>(handle);

    /// <summary>A dropped handle: its object leaves the table (and is disposed).</summary>
    private void Delete(uint handle) => state.Table.Delete(handle);

    /// <summary>
    /// result&lt;own&lt;<typeparamref name="T"/>&gt;&gt; of taking a part once (a body, its stream): the
    /// part as a new handle, or the error when <paramref name="take"/> finds it already taken.
    /// </summary>
    private Result<Resource<T>, Unit> Once<TSource, T>(TSource source, Func<TSource, object> take)
        where T : class
    {
        object part;
        try
        {
            part = take(source);
        }
        catch (InvalidOperationException)
        {
            return Result<Resource<T>, Unit>.Err(Unit.Value);
        }
        return Own<T>(part);
    }

    /// <summary>result&lt;_, _&gt; of a setter that checks its value.</summary>
    private static Result<Unit, Unit> Checked(bool valid) => valid ? Accepted : Refused;
}
