using PollableHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable>;

namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks/monotonic-clock for one instance: the pollables it makes go in the instance's table.</summary>
internal sealed class MonotonicClockHost(ResourceTable table) : IMonotonicClock
{
    public ulong Now() => MonotonicClock.Now();

    public ulong Resolution() => MonotonicClock.Resolution();

    public PollableHandle SubscribeInstant(ulong when) => new(table.Add(MonotonicClock.SubscribeInstant(when)));

    public PollableHandle SubscribeDuration(ulong when) => new(table.Add(MonotonicClock.SubscribeDuration(when)));
}
