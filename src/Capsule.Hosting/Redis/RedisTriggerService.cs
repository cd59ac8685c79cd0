using System.Diagnostics;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Capsule.Hosting.Redis;

/// <summary>
/// Runs the app's <c>[[trigger.redis]]</c> triggers while <c>capsule up</c> serves: one connection per
/// Redis server, one subscription per channel; each message runs the channel's components'
/// <c>handle-message</c>, each in a fresh instance admitted like an HTTP request. A channel's messages
/// are handled one after the other, in the order Redis delivered them (channels run side by side).
/// A failed handler is logged and counted and the next message goes on. When the server goes away
/// the client reconnects (every half second) and renews the subscriptions; what is published while
/// it is away is not received (Redis pub/sub keeps nothing). On shutdown no new message starts and
/// the handlers in flight finish (within the host's shutdown timeout, then they are stopped).
/// </summary>
public sealed class RedisTriggerService(LoadedApp app, WasiHost host, AdmissionGate admission, ServerOptions options, ILogger<RedisTriggerService> logger) : BackgroundService
{
    /// <summary>The largest message handed to a guest (as an HTTP request body); a larger one fails its handlers.</summary>
    public const long MaxMessageBytes = Manifest.HttpDefaults.MaxRequestBodyBytes;

    /// <summary>Messages of one channel waiting for their handler at most; more are dropped.</summary>
    public const int MaxWaitingMessages = 10_000;

    /// <summary>Bytes of one channel's messages waiting for their handler at most; more are dropped.</summary>
    public const long MaxWaitingBytes = 64L << 20;

    private readonly CancellationTokenSource _cancelRuns = new();
    private readonly List<ConnectionMultiplexer> _connections = [];

    /// <summary>Each redis trigger's counts, in manifest order.</summary>
    public IReadOnlyList<RedisSubscription> Subscriptions { get; } = [.. app.Manifest.RedisTriggers.Select(t => new RedisSubscription(t))];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var servers = Subscriptions.GroupBy(s => s.Trigger.Address);
        await Task.WhenAll(servers.Select(server => Serve(server.Key, [.. server], stoppingToken)));
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Handlers in flight get until the host's shutdown deadline, then their guests are stopped.
        using var cancelLate = cancellationToken.Register(_cancelRuns.Cancel);
        await base.StopAsync(cancellationToken);
        foreach (var subscription in Subscriptions)
        {
            RedisTriggerLog.Stopped(logger, subscription.Trigger.Id, subscription.Handled, subscription.Failed);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        base.Dispose();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
        _cancelRuns.Dispose();
    }

    private async Task Serve(RedisAddress address, IReadOnlyList<RedisSubscription> subscriptions, CancellationToken stopping)
    {
        var connection = await Connect(address);
        var subscriber = connection.GetSubscriber();
        var listening = new List<Task>();
        foreach (var channel in subscriptions.GroupBy(s => s.Trigger.Channel, StringComparer.Ordinal))
        {
            if (await Subscribe(subscriber, address, channel.Key, stopping) is not { } queue)
            {
                break;
            }
            foreach (var subscription in channel)
            {
                RedisTriggerLog.Subscribed(logger, subscription.Trigger.Id, subscription.Trigger.Component, channel.Key, address.ToString());
            }
            listening.Add(Listen(queue, [.. channel], stopping));
        }
        await Task.WhenAll(listening);
    }

    // The client never gives up: a server that is down at start-up or later is retried every
    // half second, and its subscriptions are renewed when it answers again.
    private async Task<ConnectionMultiplexer> Connect(RedisAddress address)
    {
        var settings = address.Options();
        // Subscribing waits for the connection instead of failing while the server is away.
        settings.BacklogPolicy = BacklogPolicy.Default;
        settings.ClientName = "capsule-redis-trigger";
        var connection = await ConnectionMultiplexer.ConnectAsync(settings);
        lock (_connections)
        {
            _connections.Add(connection);
        }
        if (!connection.IsConnected)
        {
            RedisTriggerLog.Unreachable(logger, address.ToString(), "connection refused or timed out");
        }
        connection.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                RedisTriggerLog.ConnectionLost(logger, address.ToString(), e.FailureType.ToString());
            }
        };
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                RedisTriggerLog.ConnectionRestored(logger, address.ToString());
            }
        };
        return connection;
    }

    private async Task<ChannelMessageQueue?> Subscribe(ISubscriber subscriber, RedisAddress address, string channel, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                return await subscriber.SubscribeAsync(RedisChannel.Literal(channel));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                RedisTriggerLog.Unreachable(logger, address.ToString(), e.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        return null;
    }

    // One channel: a message's handlers all finish before the next message starts. A pump takes
    // what Redis delivers at once into a bounded buffer, so a flood drops messages instead of
    // growing the host's memory.
    private async Task Listen(ChannelMessageQueue queue, IReadOnlyList<RedisSubscription> subscriptions, CancellationToken stopping)
    {
        var waiting = new RedisMessageBuffer(MaxWaitingMessages, MaxWaitingBytes);
        var pump = Pump(queue, waiting, subscriptions, stopping);
        while (true)
        {
            byte[]? payload;
            try
            {
                payload = await waiting.TakeAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (payload is null)
            {
                break;
            }
            await Task.WhenAll(subscriptions.Select(s => Task.Run(() => HandleGuarded(s, payload))));
        }
        await pump;
        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The server is away: nothing to unsubscribe from.
        }
    }

    private async Task Pump(ChannelMessageQueue queue, RedisMessageBuffer waiting, IReadOnlyList<RedisSubscription> subscriptions, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                var message = await queue.ReadAsync(stopping);
                var payload = (byte[]?)message.Message ?? [];
                if (waiting.TryAdd(payload))
                {
                    continue;
                }
                foreach (var subscription in subscriptions)
                {
                    var dropped = subscription.CountDropped();
                    // The first drop and every thousandth: a flood must not flood the log too.
                    if (dropped == 1 || dropped % 1000 == 0)
                    {
                        RedisTriggerLog.Dropped(logger, subscription.Trigger.Id, subscription.Trigger.Channel, waiting.Count, waiting.Bytes, dropped);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Shutting down, or the subscription ended.
        }
        finally
        {
            waiting.Complete();
        }
    }

    // A handler's failure is logged and counted; it never stops the subscription or the host.
    private async Task HandleGuarded(RedisSubscription subscription, byte[] payload)
    {
        var trigger = subscription.Trigger;
        var started = Stopwatch.StartNew();
        subscription.CountHandled();
        try
        {
            if (await Handle(subscription, payload) is { } cause)
            {
                RedisTriggerLog.Failed(logger, trigger.Id, trigger.Component, trigger.Channel, cause, started.Elapsed.TotalMilliseconds, subscription.CountFailed());
                return;
            }
            RedisTriggerLog.Handled(logger, trigger.Id, trigger.Channel, trigger.Component, started.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RedisTriggerLog.Failed(logger, trigger.Id, trigger.Component, trigger.Channel, e.Message, started.Elapsed.TotalMilliseconds, subscription.CountFailed());
        }
    }

    // Null when the handler succeeded, else why it failed.
    private async Task<string?> Handle(RedisSubscription subscription, byte[] payload)
    {
        var component = app.Components[subscription.Trigger.Component];
        if (payload.LongLength > MaxMessageBytes)
        {
            return $"the message is {payload.LongLength} bytes, more than the limit of {MaxMessageBytes}";
        }
        using var admitted = await admission.EnterAsync(component.Id, _cancelRuns.Token);
        if (admitted.Refusal is { } refusal)
        {
            return refusal;
        }
        var budget = new GuestLogBudget(options.GuestLogBytesPerRequest, options.GuestLogLinesPerRequest);
        var stdout = new GuestLogWriter(logger, component.Id, isError: false, budget);
        var stderr = new GuestLogWriter(logger, component.Id, isError: true, budget);
        var (outcome, error) = RedisMessageHandler.Run(host, component, payload, GuestOutput.ToCallbacks(stdout.Write, stderr.Write), _cancelRuns.Token);
        stdout.Flush();
        stderr.Flush();
        return outcome is RunOutcome.Exited { Code: 0 } ? null
            : error is not null ? $"the handler returned an error ({error})"
            : FailureCause.Of(outcome, "cancelled (shutting down)");
    }
}
