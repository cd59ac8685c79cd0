using Capsule.Shim.Protocol.Events;
using Capsule.Shim.Ttrpc;
using Capsule.Shim.Ttrpc.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Capsule.Shim;

/// <summary>
/// Publishes task events (<c>/tasks/create</c>, <c>/tasks/start</c>,
/// <c>/tasks/exit</c>, <c>/tasks/delete</c>) to containerd's ttrpc Events
/// service at <c>TTRPC_ADDRESS</c>, in order, off the caller's path. A failed
/// forward is logged and dropped: containerd also learns the state from Wait and State.
/// </summary>
internal sealed class EventPublisher(ShimFlags flags) : IDisposable
{
    private readonly TtrpcClient? _client = flags.EventsAddress is { Length: > 0 } address ? new TtrpcClient(address) : null;
    private Task _last = Task.CompletedTask;
    private readonly Lock _gate = new();

    /// <summary>Queues <paramref name="message"/> for <paramref name="topic"/>.</summary>
    public void Publish(string topic, IMessage message)
    {
        if (_client is null)
        {
            return;
        }
        var envelope = new Envelope
        {
            Timestamp = Timestamp.FromDateTime(DateTime.UtcNow),
            Namespace = flags.Namespace,
            Topic = topic,
            // containerd's typeurl names event types by their proto name alone (no type.googleapis.com/ prefix).
            Event = new Any { TypeUrl = message.Descriptor.FullName, Value = message.ToByteString() },
        };
        lock (_gate)
        {
            _last = _last.ContinueWith(_ => ForwardAsync(envelope), TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits (a bounded time) for the queued events to be sent.</summary>
    public void Flush(TimeSpan timeout)
    {
        Task last;
        lock (_gate)
        {
            last = _last;
        }
        last.Wait(timeout);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Flush(TimeSpan.FromSeconds(5));
        _client?.Dispose();
    }

    private async Task ForwardAsync(Envelope envelope)
    {
        try
        {
            var metadata = new[] { new KeyValue { Key = "containerd-namespace-ttrpc", Value = flags.Namespace } };
            await _client!.CallAsync("containerd.services.events.ttrpc.v1.Events", "Forward", new ForwardRequest { Envelope = envelope }, metadata, TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TtrpcException or System.Net.Sockets.SocketException)
        {
            ShimLog.Write("warning", $"event {envelope.Topic} not published: {e.Message}");
        }
    }
}
