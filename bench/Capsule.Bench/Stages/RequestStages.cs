using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Capsule.Wasi.Http;
using Capsule.Wasi.Io;
using Capsule.Wit.Bindings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Capsule.Bench.Stages;

/// <summary>
/// One request of the minimal guest through the serving path, in process and
/// without a socket, stage by stage: the same calls, in the same order, as
/// <see cref="WasiHttpHandler.HandleAsync"/> and <c>WasiHost.Handle</c>
/// make (keep them in step), with a timestamp between stages. The response is
/// read from the guest's pipe into a null stream instead of a socket.
/// </summary>
internal sealed class RequestStages(MinimalApp minimal)
{
    public static readonly string[] Names =
    [
        "routing (Host check, route match)",
        "request translation",
        "log budget, outparam, admission",
        "store and WASI context",
        "instantiate",
        "handler (guest + host calls)",
        "response read (pipe, headers)",
        "teardown (store, context, admission)",
        "log (flush, access line)",
    ];

    private readonly ServerOptions _options = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly AdmissionGate _admission = AdmissionSizing.For(minimal.App, minimal.Host, new AdmissionOptions());
    private readonly ILogger _logger = new BatchedConsoleLoggerProvider(Stream.Null).CreateLogger("Capsule.Hosting.Http.WasiHttpHandler");
    private readonly CancellationTokenSource _aborted = new();

    /// <summary>Runs <paramref name="warmup"/> + <paramref name="count"/> requests; the medians of each stage.</summary>
    public double[] Run(int warmup, int count)
    {
        var clock = new StageClock(Names, count);
        for (var i = 0; i < warmup + count; i++)
        {
            One(clock);
            clock.Stop(keep: i >= warmup);
        }
        return clock.MedianMicroseconds();
    }

    /// <summary>
    /// The real <see cref="WasiHost.HandleHttp"/> (stages 4-6 and the store's teardown
    /// in one call), timed whole: a check that the step-by-step copy above stays in step.
    /// </summary>
    public double RunHandleHttp(int warmup, int count)
    {
        var ticks = new long[count];
        var match = minimal.App.Routes.Match("/")!;
        var component = match.Target;
        for (var i = 0; i < warmup + count; i++)
        {
            var context = NewContext();
            var request = RequestTranslator.ToIncoming(context, match, new RequestBodyStream(context.Request.Body));
            var outparam = new ResponseOutparam();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = minimal.Host.HandleHttp(component.Guest, component.Grants, GuestOutput.Discard, request, outparam, _aborted.Token);
            var elapsed = System.Diagnostics.Stopwatch.GetTimestamp() - started;
            if (outcome is not RunOutcome.Exited { Code: 0 })
            {
                throw new InvalidOperationException($"the guest failed: {outcome}");
            }
            var response = outparam.Response.GetAwaiter().GetResult();
            response.BodyReader.CopyToAsync(Stream.Null).GetAwaiter().GetResult();
            response.BodyReader.Complete();
            if (i >= warmup)
            {
                ticks[i - warmup] = elapsed;
            }
        }
        return StageClock.Median(ticks);
    }

    private void One(StageClock clock)
    {
        var context = NewContext();
        clock.Start();

        if (RequestAuthority.Problem(context.Request.Host.Value ?? "") is not null)
        {
            throw new InvalidOperationException("bad host");
        }
        var match = minimal.App.Routes.Match(RequestTarget.Path(context)) ?? throw new InvalidOperationException("no route");
        var component = match.Target;
        _ = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        clock.Mark();

        var body = new RequestBodyStream(context.Request.Body);
        var request = RequestTranslator.ToIncoming(context, match, body);
        clock.Mark();

        var logBudget = new GuestLogBudget(_options.GuestLogBytesPerRequest, _options.GuestLogLinesPerRequest);
        var stdout = new GuestLogWriter(_logger, component.Id, isError: false, logBudget);
        var stderr = new GuestLogWriter(_logger, component.Id, isError: true, logBudget);
        var output = (GuestOutput.CallbackOutput)GuestOutput.ToCallbacks(stdout.Write, stderr.Write);
        var outparam = new ResponseOutparam();
        var entering = _admission.EnterAsync(component.Id, _aborted.Token);
        var admitted = entering.IsCompletedSuccessfully ? entering.Result : entering.AsTask().GetAwaiter().GetResult();
        clock.Mark();

        // WasiHost.Handle, step by step.
        var guest = component.Guest;
        var grants = component.Grants;
        var lease = guest.LeaseComponent()!;
        var handler = ComponentExports.Find(minimal.Engine, guest, "wasi:http/incoming-handler@");
        var deadline = new RunDeadline(grants.Limits.Timeout, _aborted.Token);
        var store = minimal.Host.CreateStore(grants with { Stdin = Runtime.Grants.StdinSource.Empty }, output, deadline);
        var wasi = store.State;
        clock.Mark();

        var instance = minimal.Host.Linker.Instantiate(store, lease.Component);
        clock.Mark();

        var requestRep = wasi.Table.Add(request);
        var outparamRep = wasi.Table.Add(outparam);
        instance.Call(handler, "handle", 2, args =>
        {
            args[0].SetResource(ResourceType<Capsule.Wasi.Generated.Wasi.Http.Types.IncomingRequest>.Id, requestRep);
            args[1].SetResource(ResourceType<Capsule.Wasi.Generated.Wasi.Http.Types.ResponseOutparam>.Id, outparamRep);
        }, 0, _ => 0);
        clock.Mark();

        var response = outparam.Response.GetAwaiter().GetResult();
        var headers = new HeaderDictionary();
        foreach (var (name, value) in response.Headers.Entries())
        {
            headers.Append(name, System.Text.Encoding.Latin1.GetString(value));
        }
        response.BodyReader.CopyToAsync(Stream.Null).GetAwaiter().GetResult();
        response.BodyReader.Complete();
        clock.Mark();

        store.Dispose();
        deadline.Dispose();
        lease.Dispose();
        outparam.Abandon();
        admitted.Dispose();
        clock.Mark();

        stdout.Flush();
        stderr.Flush();
        _ = logBudget.DroppedNote(component.Id);
        HostingLog.Access(_logger, context.Request.Method, context.Request.Path, response.StatusCode, 0.1, component.Id);
        clock.Mark();
    }

    // What Kestrel hands the middleware for wrk's request: GET / with a Host header.
    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Path = "/";
        context.Request.Host = new HostString("127.0.0.1:3302");
        context.Request.Headers.Host = "127.0.0.1:3302";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Connection.RemotePort = 50000;
        return context;
    }
}
