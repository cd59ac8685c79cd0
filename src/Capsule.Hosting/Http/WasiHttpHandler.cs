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
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// The terminal middleware: route → fresh instance → wasi:http handle →
/// response streamed to the client as the guest writes it. A guest failure
/// fails only its own request: 500 for a trap or a missing response, 504
/// for a timeout, each with one structured log line. An instance starts only
/// when <see cref="AdmissionGate"/> admits it: 503 with Retry-After otherwise.
/// Spin's reserved <c>/.well-known/spin/</c> routes are the host's (<see cref="WellKnownRoutes"/>).
/// A client that disconnects stops its guest (logged as cancelled, 499 in the
/// access line).
/// Thread-safe.
/// </summary>
/// <remarks>
/// A component with instance reuse (<see cref="WarmInstances"/>) is served on an
/// idle kept instance when one is ready (it already holds its admission share),
/// else admitted as usual onto a new instance that is then kept.
/// </remarks>
public sealed class WasiHttpHandler(
    LoadedApp app, WasiHost host, AdmissionGate admission, WarmInstances warm, ServerOptions options, ILogger<WasiHttpHandler> logger)
{
    private readonly RequestTelemetry _telemetry = new(admission);

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
        var path = RequestTarget.Path(context);
        if (WellKnownRoutes.Answer(path) is { } reserved)
        {
            await WriteError(context, reserved.Status, reserved.Body);
            HostingLog.Access(logger, context.Request.Method, context.Request.Path, reserved.Status, started.Elapsed.TotalMilliseconds, "-");
            return;
        }
        var match = app.Routes.Match(path);
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
        var logBudget = new GuestLogBudget(options.GuestLogBytesPerRequest, options.GuestLogLinesPerRequest);
        var stdout = new GuestLogWriter(logger, component.Id, isError: false, logBudget);
        var stderr = new GuestLogWriter(logger, component.Id, isError: true, logBudget);
        var output = GuestOutput.ToCallbacks(stdout.Write, stderr.Write);
        var outparam = new ResponseOutparam();
        var body = new RequestBodyStream(context.Request.Body);
        var cost = new RunCost();
        context.Response.Body = new CountedResponseBody(context.Response.Body, cost);
        var request = RequestTranslator.ToIncoming(context, match, body);

        // Rented last: nothing between here and Serve may throw and strand the kept instance.
        var kept = component.Reuse is null ? null : warm.Rent(component.Id);
        using var admitted = kept is null ? await RequestTelemetry.Admit(admission.EnterAsync(component.Id, context.RequestAborted), component.Id) : AdmissionTicket.AlreadyHeld;
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

        // The response side waits for the guest's response first, then the
        // guest runs right here, on this pool thread. Sending continues on the
        // guest's thread as it sets the response and writes the body, and on
        // Kestrel's when the client is slower than the guest: no hand-off for
        // a small response, full streaming for a large one.
        var serving = new TaskCompletionSource<RunOutcome>();
        var responding = Respond(context, outparam, serving.Task, component, match.Pattern.Raw, started, body);
        var flight = _telemetry.Start(component.Id, reused: kept is not null);
        try
        {
            // RequestAborted: a client that leaves stops its guest, running or waiting.
            serving.SetResult(component.Reuse is not null
                ? warm.Serve(component.Id, kept, admitted, output, request, outparam, context.RequestAborted, cost)
                : host.HandleHttp(component.Guest, component.Grants, output, request, outparam, context.RequestAborted, cost));
        }
        catch (Exception e)
        {
            serving.SetException(e);
        }
        finally
        {
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
        HttpContext context, ResponseOutparam outparam, Task<RunOutcome> serving, ServedComponent component, string route, Stopwatch started, RequestBodyStream body)
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
            return await Fail(context, outcome, component, route, started);
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
            context.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers.Entries())
            {
                // Latin-1 both ways (see CapsuleServer): the guest's bytes go out as they are.
                context.Response.Headers.Append(name, System.Text.Encoding.Latin1.GetString(value));
            }
            await response.BodyReader.CopyToAsync(context.Response.Body, context.RequestAborted);
            if (body.OverLimit)
            {
                // Answered before the body went past the limit: what the guest sent is not the answer to the whole body.
                throw new IOException($"the request body exceeded {options.MaxRequestBodyBytes} bytes after the response had started");
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

    private async Task<int> Fail(
        HttpContext context, RunOutcome outcome, ServedComponent component, string route, Stopwatch started, string? detail = null, bool bodyFailed = false)
    {
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
        var cause = outcome switch
        {
            RunOutcome.Trapped trap => $"trap: {trap.Kind} ({trap.Message}){(trap.Backtrace.Count > 0 ? " at " + string.Join(" <- ", trap.Backtrace.Take(8)) : "")}",
            RunOutcome.TimedOut timeout => $"timeout after {Runtime.Grants.Duration.Format(timeout.Limit)}",
            RunOutcome.OutOfFuel => "out of fuel",
            RunOutcome.NoCapacity full => $"capacity: {full.Message}",
            RunOutcome.Cancelled => "cancelled (client disconnected)",
            RunOutcome.Exited { Code: 0 } => bodyFailed ? "bad response body" : "no response",
            RunOutcome.Exited exited => $"exit {exited.Code}",
            _ => outcome.ToString(),
        };
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
