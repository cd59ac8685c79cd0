using Capsule.Runtime.Native;
using Capsule.Wasi.Clocks;
using Capsule.Wasi.Random;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:clocks/monotonic-clock, wasi:clocks/wall-clock and wasi:random/*.</summary>
internal static class ClocksRandomBindings
{
    public static IEnumerable<HostInterface> Create()
    {
        var monotonic = new HostInterface(WasiTypes.Interface("wasi:clocks/monotonic-clock"));
        monotonic.Functions["now"] = (_, _, results) => results[0].SetU64(MonotonicClock.Now());
        monotonic.Functions["resolution"] = (_, _, results) => results[0].SetU64(MonotonicClock.Resolution());
        monotonic.Functions["subscribe-instant"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Pollable, MonotonicClock.SubscribeInstant(args[0].U64));
        monotonic.Functions["subscribe-duration"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Pollable, MonotonicClock.SubscribeDuration(args[0].U64));
        yield return monotonic;

        var wall = new HostInterface(WasiTypes.Interface("wasi:clocks/wall-clock"));
        wall.Functions["now"] = (_, _, results) => SetDatetime(results[0], WallClock.Now());
        wall.Functions["resolution"] = (_, _, results) => SetDatetime(results[0], WallClock.Resolution());
        yield return wall;

        var random = new HostInterface(WasiTypes.Interface("wasi:random/random"));
        random.Functions["get-random-bytes"] = (_, args, results) => results[0].SetBytes(RandomSource.Bytes(args[0].U64));
        random.Functions["get-random-u64"] = (_, _, results) => results[0].SetU64(RandomSource.U64());
        yield return random;

        var insecure = new HostInterface(WasiTypes.Interface("wasi:random/insecure"));
        insecure.Functions["get-insecure-random-bytes"] = (_, args, results) => results[0].SetBytes(RandomSource.Bytes(args[0].U64));
        insecure.Functions["get-insecure-random-u64"] = (_, _, results) => results[0].SetU64(RandomSource.U64());
        yield return insecure;

        var seed = new HostInterface(WasiTypes.Interface("wasi:random/insecure-seed"));
        seed.Functions["insecure-seed"] = (_, _, results) =>
        {
            results[0].SetTuple(2);
            results[0].Item(0).SetU64(RandomSource.U64());
            results[0].Item(1).SetU64(RandomSource.U64());
        };
        yield return seed;
    }

    public static void SetDatetime(ValRef target, Datetime value)
    {
        target.SetRecord("seconds", "nanoseconds");
        target.Field(0).SetU64(value.Seconds);
        target.Field(1).SetU32(value.Nanoseconds);
    }
}
