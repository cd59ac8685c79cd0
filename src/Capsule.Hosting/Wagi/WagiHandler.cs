using System.Diagnostics;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Hosting.Routing;
using Capsule.Hosting.Telemetry;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Running;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Wagi;

/// <summary>
/// Spin's WAGI executor (<c>executor = { type = "wagi" }</c>): a WASI preview 1 core module
/// per request, run from its entrypoint with Spin's argv and the request in CGI variables
/// (<see cref="CgiVariables"/>), the body on stdin; its stdout is a CGI response whose header
/// block sets the status and headers and whose rest streams to the client as it is written.
/// Admission, limits and grants (files, environment) are the component's, as for wasi:http.
/// A module that exits non-zero, traps or writes a malformed header block fails with 500
/// (504 for a timeout), the reason in the log. The access line carries what the request cost
/// (<see cref="RunCost"/>: CPU time, peak linear memory, fuel if metered, bytes in and out; host
/// calls are not counted on Wasmtime's WASI preview 1). Thread-safe.
/// </summary>
public sealed class WagiHandler(ModuleEntryRunner runner, AdmissionGate admission, ServerOptions options, ILogger<WagiHandler> logger)
{
    private readonly RequestTelemetry _telemetry = new(admission);

    /// <summary>Serves one request <paramref name="match"/> routed to a WAGI trigger.</summary>
    public async Task HandleAsync(HttpContext context, RouteMatch<ServedComponent> match, Stopwatch started)
    {
        var component = match.Target;
        var wagi = component.Wagi!;
        var route = match.Pattern.Raw;
        using var admitted = await admission.EnterAsync(component.Id, context.RequestAborted);
        if (admitted.Refusal is { } refusal)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                HostingLog.Failed(logger, component.Id, route, refusal, started.Elapsed.TotalMilliseconds, "");
                context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteError(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
            }
            Access(context, context.RequestAborted.IsCancellationRequested ? 499 : 503, started, component.Id);
            return;
        }

        using var stdin = await RequestBody.Buffer(context);
        if (stdin is null)
        {
            await WriteError(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large");
            Access(context, 413, started, component.Id);
            return;
        }
        var argv = CgiVariables.Argv(wagi.Argv, context);
        var grants = component.Grants with
        {
            ProgramName = argv[0],
            Arguments = [.. argv.Skip(1)],
            Environment = [.. component.Grants.Environment, .. CgiVariables.For(context, match, stdin.Length)],
            Stdin = stdin.Source,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        stop.CancelAfter(grants.Limits.Timeout ?? Timeout.InfiniteTimeSpan);
        var logBudget = new GuestLogBudget(options.GuestLogBytesPerRequest, options.GuestLogLinesPerRequest);
        var stderr = new GuestLogWriter(logger, component.Id, isError: true, logBudget);
        var stdout = new CgiOutput(stop.Token);
        var cost = new RunCost { BytesIn = stdin.Length, CountsHostCalls = false };
        var responding = Respond(context, stdout, cost);
        RunOutcome outcome;
        // The module runs on this thread: its CPU time is this thread's meanwhile.
        var flight = _telemetry.Start(component.Id, reused: false);
        try
        {
            outcome = runner.Run(component.Guest, wagi.Entrypoint, grants, GuestOutput.ToCallbacks(stdout.Write, stderr.Write), context.RequestAborted, cost);
        }
        finally
        {
            flight.End(cost);
            stdout.Complete();
            admitted.Dispose();
        }
        var status = await Finish(context, await responding, outcome, component.Id, route, started);
        stderr.Flush();
        if (logBudget.DroppedNote(component.Id) is { } note)
        {
            HostingLog.GuestOutputDropped(logger, note);
            RequestTelemetry.OutputDropped(component.Id, logBudget.DroppedBytes);
        }
        var spent = RequestTelemetry.Finished(component.Id, status, cost);
        HostingLog.AccessWithCost(logger, context.Request.Method, context.Request.Path, status, started.Elapsed.TotalMilliseconds, component.Id, spent);
    }

    // Sends the head and streams the body while the module runs; the failure to send, if any.
    private static async Task<string?> Respond(HttpContext context, CgiOutput output, RunCost cost)
    {
        CgiHead head;
        try
        {
            head = await output.Head;
        }
        catch (CgiHeaderException e)
        {
            return e.Message;
        }
        try
        {
            context.Response.StatusCode = head.Status;
            foreach (var (name, value) in head.Headers)
            {
                context.Response.Headers.Append(name, value);
            }
            await output.Body.CopyToAsync(new CountedResponseBody(context.Response.Body, cost), context.RequestAborted);
            await output.Body.CompleteAsync();
            return null;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            await output.Body.CompleteAsync(e);
            return e.Message;
        }
    }

    // The outcome decides what a response not yet started becomes, and what is logged.
    private async Task<int> Finish(HttpContext context, string? sendFailure, RunOutcome outcome, string componentId, string route, Stopwatch started)
    {
        var cause = outcome is RunOutcome.Exited { Code: 0 }
            ? sendFailure is null ? null : "bad CGI response"
            : FailureCause.Of(outcome, "cancelled (client disconnected)");
        if (cause is null)
        {
            return context.Response.StatusCode;
        }
        HostingLog.Failed(logger, componentId, route, cause, started.Elapsed.TotalMilliseconds, sendFailure ?? "");
        if (outcome is RunOutcome.Cancelled)
        {
            return 499;
        }
        if (context.Response.HasStarted)
        {
            // The status is already sent: the only signal left is an aborted connection.
            context.Abort();
            return context.Response.StatusCode;
        }
        context.Response.Clear();
        var (status, text) = outcome switch
        {
            RunOutcome.TimedOut => (504, "Gateway Timeout"),
            RunOutcome.NoCapacity => (503, "Service Unavailable"),
            _ => (500, "Internal Server Error"),
        };
        await WriteError(context, status, text);
        return status;
    }

    private void Access(HttpContext context, int status, Stopwatch started, string componentId) =>
        HostingLog.Access(logger, context.Request.Method, context.Request.Path, status, started.Elapsed.TotalMilliseconds, componentId);

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
