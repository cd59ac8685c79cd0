using Capsule.Wasi.Generated.Wasi.Clocks.WallClock;
using WitDatetime = Capsule.Wasi.Generated.Wasi.Clocks.WallClock.Datetime;

namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks/wall-clock: no state, one for every instance.</summary>
internal sealed class WallClockHost : IWallClock
{
    public static readonly WallClockHost Instance = new();

    public WitDatetime Now() => Of(WallClock.Now());

    public WitDatetime Resolution() => Of(WallClock.Resolution());

    private static WitDatetime Of(Datetime value) => new(value.Seconds, value.Nanoseconds);
}
