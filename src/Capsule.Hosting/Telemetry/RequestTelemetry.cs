using System.Diagnostics;
using System.Globalization;
using System.Text;
using Capsule.Hosting.Admission;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Native;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Capsule.Hosting.Telemetry;

/// <summary>
/// What the HTTP handler tells metrics, spans and the access line about one request: its route and
/// component (on ASP.NET Core's <c>http.server.request.duration</c> and on the request span), time in
/// the admission queue, refusals by cause, instances in flight, and what the request cost
/// (<see cref="RunCost"/>). Each instrument is asked only when something listens. Thread-safe.
/// </summary>
internal sealed class RequestTelemetry(AdmissionGate admission)
{
    private readonly Dictionary<string, long> _reserves = admission.Components.ToDictionary(c => c.Id, c => c.Cost.MemoryBytes);

    /// <summary>Tags the request's HTTP metrics and span with its route and component.</summary>
    public static void Routed(HttpContext context, string component, string route)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
        {
            metrics.Tags.Add(new("http.route", route));
            metrics.Tags.Add(new(CapsuleTelemetry.ComponentTag, component));
        }
        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.DisplayName = $"{context.Request.Method} {route}";
            span.SetTag("http.request.method", context.Request.Method);
            span.SetTag("url.path", context.Request.Path.Value);
            span.SetTag("http.route", route);
            span.SetTag(CapsuleTelemetry.ComponentTag, component);
        }
    }

    /// <summary>Awaits admission, counting the request in its component's queue and timing its wait when it has to wait.</summary>
    public static async ValueTask<AdmissionTicket> Admit(ValueTask<AdmissionTicket> entering, string component)
    {
        if (entering.IsCompleted)
        {
            return entering.Result;
        }
        var tag = new KeyValuePair<string, object?>(CapsuleTelemetry.ComponentTag, component);
        var started = Stopwatch.GetTimestamp();
        CapsuleTelemetry.AdmissionQueue.Add(1, tag);
        try
        {
            return await entering;
        }
        finally
        {
            CapsuleTelemetry.AdmissionQueue.Add(-1, tag);
            CapsuleTelemetry.AdmissionWait.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        }
    }

    /// <summary>Counts a refusal (503, or the client left while queued) by its cause.</summary>
    public static void Rejected(string component, string refusal) =>
        CapsuleTelemetry.Rejected.Add(1, new(CapsuleTelemetry.ComponentTag, component), new("capsule.cause", CauseOf(refusal)));

    /// <summary>The short cause of an admission refusal or capacity failure.</summary>
    public static string CauseOf(string refusal) =>
        refusal.Contains("client left", StringComparison.Ordinal) ? "client_left"
        : refusal.Contains("full", StringComparison.Ordinal) ? "queue_full"
        : refusal.Contains("waited", StringComparison.Ordinal) ? "queue_timeout"
        : "capacity";

    /// <summary>An instance starts serving on this thread: counted in flight, its memory reserve counted, the thread's CPU clock read.</summary>
    public Flight Start(string component, bool reused)
    {
        var tag = new KeyValuePair<string, object?>(CapsuleTelemetry.ComponentTag, component);
        var reserve = reused ? 0 : _reserves.GetValueOrDefault(component);
        CapsuleTelemetry.InstancesInFlight.Add(1, tag);
        CapsuleTelemetry.MemoryReserved.Add(reserve, tag);
        if (reused)
        {
            CapsuleTelemetry.InstancesReused.Add(1, tag);
        }
        return new Flight(tag, reserve, ThreadCpuTime.Nanoseconds());
    }

    /// <summary>One instance serving (<see cref="Start"/>); <see cref="End"/> on the same thread.</summary>
    public readonly struct Flight(KeyValuePair<string, object?> tag, long reserve, long cpuStart)
    {
        /// <summary>The guest is done: its CPU time goes into <paramref name="cost"/>; the counts come down.</summary>
        public void End(RunCost cost)
        {
            cost.GuestCpu = TimeSpan.FromTicks((ThreadCpuTime.Nanoseconds() - cpuStart) / 100);
            CapsuleTelemetry.InstancesInFlight.Add(-1, tag);
            CapsuleTelemetry.MemoryReserved.Add(-reserve, tag);
        }
    }

    /// <summary>
    /// The request is answered: its cost goes to the per-component metrics and the request span, and
    /// comes back as the access line's tail (<c>cpu=… instantiate=… in=… out=… [mem=…] [fuel=…] host_calls=…</c>;
    /// mem and fuel only where known, host calls only where counted).
    /// </summary>
    public static string Finished(string component, int status, RunCost cost)
    {
        var tag = new KeyValuePair<string, object?>(CapsuleTelemetry.ComponentTag, component);
        CapsuleTelemetry.Requests.Add(1, tag, new("http.response.status_code", status));
        CapsuleTelemetry.GuestCpuTime.Add(cost.GuestCpu.TotalSeconds, tag);
        CapsuleTelemetry.BytesIn.Add(cost.BytesIn, tag);
        CapsuleTelemetry.BytesOut.Add(cost.BytesOut, tag);
        if (cost.Instantiate > TimeSpan.Zero)
        {
            CapsuleTelemetry.InstantiateDuration.Record(cost.Instantiate.TotalSeconds, tag);
        }
        if (cost.PeakMemoryBytes is { } peak)
        {
            CapsuleTelemetry.GuestMemoryPeak.Record(peak, tag);
        }
        if (cost.Fuel is { } fuel)
        {
            CapsuleTelemetry.GuestFuel.Add((long)Math.Min(fuel, long.MaxValue), tag);
        }
        if (CapsuleTelemetry.HostCalls.Enabled)
        {
            foreach (var (name, calls) in cost.HostCalls)
            {
                CapsuleTelemetry.HostCalls.Add(calls, tag, new("capsule.interface", name));
            }
        }
        var byInterface = string.Join(",", cost.HostCalls.Select(c => $"{c.Interface}={c.Calls}"));
        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.SetTag("http.response.status_code", status);
            span.SetTag("capsule.guest.cpu_time", cost.GuestCpu.TotalSeconds);
            span.SetTag("capsule.instantiate.duration", cost.Instantiate.TotalSeconds);
            span.SetTag("capsule.request.body.size", cost.BytesIn);
            span.SetTag("capsule.response.body.size", cost.BytesOut);
            span.SetTag("capsule.guest.memory.peak", cost.PeakMemoryBytes);
            span.SetTag("capsule.guest.fuel", cost.Fuel is { } f ? (long)Math.Min(f, long.MaxValue) : null);
            if (cost.CountsHostCalls)
            {
                span.SetTag("capsule.host.calls", cost.TotalHostCalls);
                span.SetTag("capsule.host.calls.by_interface", byInterface);
            }
            if (status >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"cpu={cost.GuestCpu.TotalMilliseconds:F2}ms instantiate={cost.Instantiate.TotalMilliseconds:F2}ms ");
        line.Append(CultureInfo.InvariantCulture, $"in={cost.BytesIn}B out={cost.BytesOut}B");
        if (cost.PeakMemoryBytes is { } memory)
        {
            line.Append(CultureInfo.InvariantCulture, $" mem={memory}B");
        }
        if (cost.Fuel is { } spent)
        {
            line.Append(CultureInfo.InvariantCulture, $" fuel={spent}");
        }
        if (cost.CountsHostCalls)
        {
            line.Append(CultureInfo.InvariantCulture, $" host_calls={cost.TotalHostCalls}");
            if (byInterface.Length > 0)
            {
                line.Append('(').Append(byInterface).Append(')');
            }
        }
        return line.ToString();
    }

    /// <summary>Counts guest output dropped past the log budget.</summary>
    public static void OutputDropped(string component, long bytes) =>
        CapsuleTelemetry.GuestOutputDropped.Add(bytes, new KeyValuePair<string, object?>(CapsuleTelemetry.ComponentTag, component));
}
