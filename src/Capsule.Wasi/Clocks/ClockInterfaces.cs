using Capsule.Wasi.Generated.Wasi.Clocks.WallClock;

namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks/monotonic-clock and wall-clock, linked through their generated glue.</summary>
internal static class ClockInterfaces
{
    public static IEnumerable<HostInterface> Create() =>
    [
        MonotonicClockImports.Create(store => store.State.GetOrCreate(static state => new MonotonicClockHost(state.Table))),
        WallClockImports.Create(_ => WallClockHost.Instance),
    ];
}
