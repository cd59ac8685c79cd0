using System.Diagnostics;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Reuse;
using Capsule.Hosting.Telemetry;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Capsule.Wasi.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// The terminal middleware: route → fresh instance → wasi:http handle →
/// response streamed to the client as the guest writes it. A guest failure
/// fails only its own request: 500 for a trap or a missing response, 504
/// for a timeout, each with one structured log line. An instance starts only
/// when <see cref="AdmissionGate"/> admits it: 503 with Retry-After otherwise;
/// its guest executes only while it holds one of the <see cref="RunSlots"/>
/// (waiting for one counts against its time limit: 504 when that passes first).
/// Spin's reserved <c>/.well-known/spin/</c> routes are the host's (<see cref="WellKnownRoutes"/>).
/// A client that disconnects stops its guest (logged as cancelled, 499 in the
/// access line); so does shutdown near the end of its grace period (<see cref="ShutdownCut"/>:
/// logged as shutdown, 503 where nothing was sent).
/// Thread-safe.
/// </summary>
/// <remarks>
/// A component with instance reuse (<see cref="WarmInstances"/>) is served on an
/// idle kept instance when one is ready (it already holds its admission share),
/// else admitted as usual onto a new instance that is then kept.
/// </remarks>
public sealed class WasiHttpHandler(
    LoadedApp app, WasiHost host, AdmissionGate admission, WarmInstances warm, ServerOptions options, ShutdownCut shutdown, ILogger<WasiHttpHandler> logger, RunSlots? running = null)
{
    private readonly RunSlots _running = running ?? new RunSlots(options.Admission.RunSlots);
    private readonly RequestTelemetry _telemetry = new(admission);

    /// <summary>
    /// The path the app is served under: "" (the root) for <c>capsule up</c>, e.g. "/shop" under
    /// <c>MapCapsuleApp</c>. Routes match the path below it; the guest sees the whole path and
    /// <c>spin-base-path</c> names the base.
    /// </summary>
    public string BasePath { get; init; } = "";

    /// <summary>Serves one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.StartNew();
        if (RequestAuthority.Problem(context.Request.Host.Value ?? "") is { } badHost)
        {
            // Before routing: no guest sees a Host it could not parse.
            await WriteError(context, StatusCodes.Status400BadRequest, $"Bad Request: invalid Host header: {badHost}");
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, 400, started.Elapsed.TotalMilliseconds, "-");
            return;
        }
        var path = RequestTarget.Below(RequestTarget.Path(context), BasePath);
        if (path is not null && WellKnownRoutes.Answer(path) is { } reserved)
        {
            await WriteError(context, reserved.Status, reserved.Body);
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, reserved.Status, started.Elapsed.TotalMilliseconds, "-");
            return;
        }
        var match = path is null ? null : app.Routes.Match(path);
        if (match is null)
        {
            await WriteError(context, StatusCodes.Status404NotFound, "Not Found");
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, 404, started.Elapsed.TotalMilliseconds, "-");
            return;
        }
        var component = match.Target;
        RequestTelemetry.Routed(context, component.Id, match.Pattern.Raw);
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            // Refused before the guest runs: a guest that answers first would turn Kestrel's 413 into a broken 200.
            await WriteError(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large");
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, 413, started.Elapsed.TotalMilliseconds, component.Id);
            return;
        }
        if (component.Wagi is not null)
        {
            // Spin's WAGI executor: a core module per request, CGI over stdio.
            await context.RequestServices.GetRequiredService<Wagi.WagiHandler>().HandleAsync(context, match, started);
            return;
        }
        var logBudget = new GuestLogBudget(options.GuestLogBytesPerRequest, options.GuestLogLinesPerRequest);
        var stdout = new GuestLogWriter(logger, component.Id, isError: false, logBudget);
        var stderr = new GuestLogWriter(logger, component.Id, isError: true, logBudget);
        var output = GuestOutput.ToCallbacks(stdout.Write, stderr.Write);
        var outparam = new ResponseOutparam();
        var body = new RequestBodyStream(context.Request.Body);
        var cost = new RunCost();
        var request = RequestTranslator.ToIncoming(context, match, body, BasePath);

        // Rented last: nothing between here and Serve may throw and strand the kept instance.
        var kept = component.Reuse is null ? null : warm.Rent(component.Id);
        // A client that leaves, or shutdown's cut, stops the guest, running or waiting.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown.Token);
        using var admitted = kept is null ? await RequestTelemetry.Admit(admission.EnterAsync(component.Id, stop.Token), component.Id) : AdmissionTicket.AlreadyHeld;
        if (admitted.Refusal is not null)
        {
            RequestTelemetry.Rejected(component.Id, admitted.Refusal);
        }
        if (admitted.Refusal is not null && context.RequestAborted.IsCancellationRequested)
        {
            // The client left while queued: nobody to answer, and no fault of the host.
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, ClientClosedRequest, started.Elapsed.TotalMilliseconds, component.Id);
            return;
        }
        if (admitted.Refusal is { } refusal)
        {
            HostingLog.Failed(logger, component.Id, match.Pattern.Raw, refusal, started.Elapsed.TotalMilliseconds, "");
            await WriteUnavailable(context);
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, 503, started.Elapsed.TotalMilliseconds, component.Id);
            return;
        }

        // Admitted: the guest starts once it holds a run slot. Waiting for one (no thread held)
        // counts against its own time limit; past it, the run ends as timed out without starting.
        using var turn = _running.Turn(component.Id, component.Grants.Limits.Timeout);
        var waitNote = await turn.StartAsync(stop.Token) ? null : $"while waiting for a run slot ({_running.Slots} guests run at once)";

        // The response side waits for the guest's response first, then the
        // guest runs right here, on this pool thread. Sending continues on the
        // guest's thread as it sets the response and writes the body, and on
        // Kestrel's when the client is slower than the guest: no hand-off for
        // a small response, full streaming for a large one.
        var serving = new TaskCompletionSource<RunOutcome>();
        var responding = Respond(context, outparam, serving.Task, component, match.Pattern.Raw, started, body, waitNote, cost);
        var flight = _telemetry.Start(component.Id, reused: kept is not null);
        try
        {
            serving.SetResult(component.Reuse is not null
                ? warm.Serve(component.Id, kept, admitted, output, request, outparam, stop.Token, turn, cost)
                : host.HandleHttp(component.Guest, component.Grants, output, request, outparam, stop.Token, turn, cost));
        }
        catch (Exception e)
        {
            serving.SetException(e);
        }
        finally
        {
            // The guest has stopped executing: its run slot is the next one's.
            turn.Dispose();
            flight.End(cost);
            // The instance is gone (or kept, holding the share itself): its pool slots and memory are free for the next.
            admitted.Dispose();
            // The request is over: a kept instance must not read the next one's body through this one's.
            body.Detach();
        }
        var status = await responding;
        stdout.Flush();
        stderr.Flush();
        if (logBudget.DroppedNote(component.Id) is { } note)
        {
            HostingLog.GuestOutputDropped(logger, note);
            RequestTelemetry.OutputDropped(component.Id, logBudget.DroppedBytes);
        }
        cost.BytesIn = body.BytesRead;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            RequestTelemetry.Rejected(component.Id, "capacity");
        }
        var spent = RequestTelemetry.Finished(component.Id, status, cost);
        HostingLog.AccessWithCost(logger, context.Request.Method, context.Request.Path, status, started.Elapsed.TotalMilliseconds, component.Id, spent);
    }

    private async Task<int> Respond(
        HttpContext context, ResponseOutparam outparam, Task<RunOutcome> serving, ServedComponent component, string route, Stopwatch started, RequestBodyStream body, string? waitNote, RunCost cost)
    {
        OutgoingResponse response;
        try
        {
            response = await outparam.Response;
        }
        catch (HttpErrorException)
        {
            // No response: the outcome of the call says why.
            var outcome = await serving;
            return await Fail(context, outcome, component, route, started, waitNote);
        }
        if (body.OverLimit)
        {
            // The guest answered after its read of a too-large body failed: the client gets the limit's answer.
            await response.BodyReader.CompleteAsync();
            await serving;
            await WriteError(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large");
            return StatusCodes.Status413PayloadTooLarge;
        }

        try
        {
            if (await InvalidFinalResponse(response, context.RequestAborted) is { } invalid)
            {
                // Never sent: a 1xx is not an answer, and a 204/304 cannot carry a body.
                await response.BodyReader.CompleteAsync();
                await serving;
                HostingLog.Failed(logger, component.Id, route, $"invalid response: {invalid}", started.Elapsed.TotalMilliseconds, "");
                await WriteError(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
                return StatusCodes.Status500InternalServerError;
            }
            context.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers.Entries())
            {
                // Latin-1 both ways (see CapsuleServer): the guest's bytes go out as they are.
                context.Response.Headers.Append(name, System.Text.Encoding.Latin1.GetString(value));
            }
            // Counted on the way, without replacing Response.Body: a replaced body feature would keep
            // Kestrel's own CompleteAsync (which refuses a body shorter than its content-length) from running here.
            await response.BodyReader.CopyToAsync(new CountedResponseBody(context.Response.Body, cost), context.RequestAborted);
            if (body.OverLimit)
            {
                // Answered before the body went past the limit: what the guest sent is not the answer to the whole body.
                throw new IOException($"the request body exceeded {options.MaxRequestBodyBytes} bytes after the response had started");
            }
            if (body.Failure is { } failure)
            {
                // The guest's read of the body failed (it stalled short of its Content-Length, or broke):
                // its answer is not the answer to the request the client meant.
                throw new IOException($"reading the request body failed: {failure}");
            }
            await response.BodyReader.CompleteAsync();
            // The body is whole: send the end of the response now rather than
            // after the guest returns and its instance is torn down.
            await context.Response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The guest failed mid-body, its response broke HTTP's rules (a
            // control character in a header, more or fewer bytes than its
            // content-length: Kestrel refuses), or the client left.
            await response.BodyReader.CompleteAsync(e);
            var outcome = await serving;
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // Nothing has reached the client: it still gets an honest error status.
                context.Response.Clear();
                if (body.OverLimit)
                {
                    await WriteError(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large");
                    return StatusCodes.Status413PayloadTooLarge;
                }
                if (body.Failure is not null)
                {
                    LogFailure(outcome, component, route, started, e.Message, bodyFailed: true);
                    await WriteError(context, body.FailureStatus, body.FailureStatus == 408 ? "Request Timeout" : "Bad Request");
                    return body.FailureStatus;
                }
                return await Fail(context, outcome, component, route, started, e.Message, bodyFailed: true);
            }
            LogFailure(outcome, component, route, started, e.Message, bodyFailed: true);
            // The status is already sent: the only signal left is an aborted connection.
            context.Abort();
            return response.StatusCode;
        }
        var finished = await serving;
        if (finished is not RunOutcome.Exited { Code: 0 })
        {
            LogFailure(finished, component, route, started, "after the response was sent");
        }
        return response.StatusCode;
    }

    /// <summary>
    /// Why the guest's response cannot be the final one: a 1xx status (informational,
    /// RFC 9110 15.2), or a body on 204/304 (RFC 9110 6.4.1); null when it can. For
    /// 204/304 this waits until the guest writes a byte or ends its body.
    /// </summary>
    private static async Task<string?> InvalidFinalResponse(OutgoingResponse response, CancellationToken aborted)
    {
        var status = response.StatusCode;
        if (status is >= 100 and < 200)
        {
            return $"status {status} is informational, not a final response";
        }
        if (status is not (204 or 304))
        {
            return null;
        }
        while (true)
        {
            var read = await response.BodyReader.ReadAsync(aborted);
            if (read.Buffer.Length > 0)
            {
                response.BodyReader.AdvanceTo(read.Buffer.Start);
                return $"status {status} must not have a body (the guest wrote one)";
            }
            response.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    private async Task<int> Fail(
        HttpContext context, RunOutcome outcome, ServedComponent component, string route, Stopwatch started, string? detail = null, bool bodyFailed = false)
    {
        if (outcome is RunOutcome.Cancelled && shutdown.HasCut && !context.RequestAborted.IsCancellationRequested)
        {
            // Stopped for shutdown: the client is still there and may retry elsewhere.
            LogFailure(outcome, component, route, started, detail ?? "");
            return await WriteUnavailable(context);
        }
        if (outcome is RunOutcome.Cancelled)
        {
            // Nobody to answer: the access line says 499 (nginx's "client closed request").
            LogFailure(outcome, component, route, started, detail ?? "");
            return ClientClosedRequest;
        }
        LogFailure(outcome, component, route, started, detail ?? (outcome is RunOutcome.Exited { Code: 0 } ? "the handler returned without setting a response" : ""), bodyFailed);
        if (outcome is RunOutcome.NoCapacity)
        {
            return await WriteUnavailable(context);
        }
        var status = outcome is RunOutcome.TimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status500InternalServerError;
        await WriteError(context, status, status == 504 ? "Gateway Timeout" : "Internal Server Error");
        return status;
    }

    private void LogFailure(RunOutcome outcome, ServedComponent component, string route, Stopwatch started, string detail, bool bodyFailed = false)
    {
        var cause = outcome is RunOutcome.Exited { Code: 0 }
            ? bodyFailed ? "bad response body" : "no response"
            : FailureCause.Of(outcome, shutdown.HasCut ? "cancelled (shutdown)" : "cancelled (client disconnected)");
        HostingLog.Failed(logger, component.Id, route, cause, started.Elapsed.TotalMilliseconds, detail);
    }

    // Load, not a fault: the client may come back (Retry-After, RFC 9110 15.6.4).
    private async Task<int> WriteUnavailable(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await WriteError(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
        return StatusCodes.Status503ServiceUnavailable;
    }

    private const int ClientClosedRequest = 499;

    private static async Task WriteError(HttpContext context, int status, string text)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(text + "\n");
        }
    }
}
