using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Capsule's own metrics and spans, under one name (<see cref="Name"/>) and the prefix
/// <c>capsule.</c>. An instrument or source nobody listens to costs a field read per use
/// (<see cref="Instrument.Enabled"/>, <see cref="ActivitySource.HasListeners"/>), so the
/// request path records unconditionally and <c>capsule up</c> without telemetry pays nothing
/// measurable (bench/telemetry). The exporters (OTLP, Prometheus) listen by name.
/// </summary>
public static class CapsuleTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Capsule";

    /// <summary>The attribute naming the component a figure belongs to.</summary>
    public const string ComponentTag = "capsule.component";

    /// <summary>Where Capsule's spans start (request children: instantiate, handler, outbound, key-value, SQLite).</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Capsule's meter.</summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>Seconds to instantiate a component for a request (store and instance made, before the handler runs).</summary>
    public static Histogram<double> InstantiateDuration { get; } = Meter.CreateHistogram<double>(
        "capsule.instantiate.duration", "s", "Time to instantiate a component for a request");

    /// <summary>Seconds of CPU the serving thread used while the guest ran (host calls included).</summary>
    public static Counter<double> GuestCpuTime { get; } = Meter.CreateCounter<double>(
        "capsule.guest.cpu_time", "s", "CPU time of the thread serving the guest, from instantiation to teardown, host calls included");

    /// <summary>Each request's peak linear memory, where Capsule can see it (WAGI modules, the component layer).</summary>
    public static Histogram<long> GuestMemoryPeak { get; } = Meter.CreateHistogram<long>(
        "capsule.guest.memory.peak", "By", "Peak linear memory of the instance serving a request (where it can be read)");

    /// <summary>Fuel guests consumed, when the engine meters it.</summary>
    public static Counter<long> GuestFuel { get; } = Meter.CreateCounter<long>(
        "capsule.guest.fuel", "{fuel}", "Fuel guests consumed (only when the engine meters fuel)");

    /// <summary>Requests served per component (totals beside the cost counters).</summary>
    public static Counter<long> Requests { get; } = Meter.CreateCounter<long>(
        "capsule.requests", "{request}", "Requests that reached a component");

    /// <summary>Request body bytes the guest read.</summary>
    public static Counter<long> BytesIn { get; } = Meter.CreateCounter<long>(
        "capsule.request.body.size", "By", "Request body bytes read by the guest");

    /// <summary>Response body bytes sent to clients.</summary>
    public static Counter<long> BytesOut { get; } = Meter.CreateCounter<long>(
        "capsule.response.body.size", "By", "Response body bytes sent to clients");

    /// <summary>Host calls guests made, by WIT interface.</summary>
    public static Counter<long> HostCalls { get; } = Meter.CreateCounter<long>(
        "capsule.host.calls", "{call}", "Host functions guests called, by interface");

    /// <summary>Requests answered 503 (or 499, the client left), by cause.</summary>
    public static Counter<long> Rejected { get; } = Meter.CreateCounter<long>(
        "capsule.requests.rejected", "{request}", "Requests refused for load: 503 by cause (queue_full, queue_timeout, capacity)");

    /// <summary>Requests that waited in an admission queue, and how long.</summary>
    public static Histogram<double> AdmissionWait { get; } = Meter.CreateHistogram<double>(
        "capsule.admission.wait.duration", "s", "Time requests waited in their component's admission queue");

    /// <summary>Requests waiting in admission queues now.</summary>
    public static UpDownCounter<long> AdmissionQueue { get; } = Meter.CreateUpDownCounter<long>(
        "capsule.admission.queue.length", "{request}", "Requests waiting in their component's admission queue");

    /// <summary>Instances serving a request now.</summary>
    public static UpDownCounter<long> InstancesInFlight { get; } = Meter.CreateUpDownCounter<long>(
        "capsule.instances.in_flight", "{instance}", "Instances serving a request now");

    /// <summary>Requests served by a kept instance (instance reuse).</summary>
    public static Counter<long> InstancesReused { get; } = Meter.CreateCounter<long>(
        "capsule.instances.reused", "{request}", "Requests served on a kept instance (instance_reuse)");

    /// <summary>Bytes of the memory budget the instances in flight reserve.</summary>
    public static UpDownCounter<long> MemoryReserved { get; } = Meter.CreateUpDownCounter<long>(
        "capsule.memory_budget.reserved", "By", "Memory budget reserved by the instances in flight (limits.memory per linear memory)");

    /// <summary>Guest stdout/stderr bytes dropped past the per-request budget.</summary>
    public static Counter<long> GuestOutputDropped { get; } = Meter.CreateCounter<long>(
        "capsule.guest.output.dropped", "By", "Guest stdout/stderr bytes dropped past the per-request log budget");

    /// <summary>Calls to host services (key_value, sqlite, outbound_http) and how long they took.</summary>
    public static Histogram<double> ServiceCallDuration { get; } = Meter.CreateHistogram<double>(
        "capsule.service.call.duration", "s", "Duration of key-value, SQLite and outbound HTTP calls (the count is the number of calls)");

    /// <summary>
    /// Starts a span for one host-service call (<paramref name="service"/>: key_value, sqlite) and
    /// times it; dispose the result when the call ends. No span or clock read when nobody listens.
    /// </summary>
    public static ServiceCall StartServiceCall(string service, string operation)
    {
        var activity = Source.HasListeners() ? Source.StartActivity($"{service} {operation}", ActivityKind.Client) : null;
        activity?.SetTag("capsule.service", service);
        return new ServiceCall(service, operation, activity, ServiceCallDuration.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    /// <summary>A host-service call being timed (<see cref="StartServiceCall"/>).</summary>
    public readonly struct ServiceCall(string service, string operation, Activity? activity, long started) : IDisposable
    {
        /// <summary>Ends the span and records the duration.</summary>
        public void Dispose()
        {
            activity?.Dispose();
            if (started != 0)
            {
                ServiceCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("capsule.service", service),
                    new KeyValuePair<string, object?>("capsule.operation", operation));
            }
        }
    }
}
