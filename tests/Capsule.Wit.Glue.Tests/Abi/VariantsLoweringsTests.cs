using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Variants;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>
/// The generated lowerings of variants, options and results (capsule:abi/variants) on a real core module, called
/// with the flat values and memory layouts of CanonicalABI.md written out by hand: joined flat types, payloads in
/// memory at their aligned offsets, one-value results, nested options, lists of records of them, spilled parameters.
/// </summary>
public sealed class VariantsLoweringsTests : IDisposable
{
    private readonly AbiCoreHost _host = LoweredGuest.Start(VariantsLowerings.Create(_ => new VariantsHost()));

    private static ValRaw I(int value) => ValRaw.FromI32(value);

    private static ValRaw L(long value) => ValRaw.FromI64(value);

    private GuestMemory M => _host.Memory();

    [Fact]
    public void Every_lowered_function_of_the_interface_is_there()
    {
        var lowered = VariantsLowerings.Create(_ => new VariantsHost());
        Assert.Equal(7, lowered.Functions.Count);
        // The variant's payload slot joins i32, i64, f32, f64 into i64; a string's pair follows.
        Assert.Equal([CoreValType.I32, CoreValType.I64, CoreValType.I32, CoreValType.I32], lowered.Functions["echo-mixed"].CoreType.Params);
        Assert.Equal([CoreValType.I32, CoreValType.I32, CoreValType.I32], lowered.Functions["bump"].CoreType.Params);
        Assert.Equal([CoreValType.I32], lowered.Functions["count-nothing"].CoreType.Params);
    }

    [Fact]
    public void A_variant_of_every_flat_type_round_trips_through_joined_slots_and_memory()
    {
        _host.Call("echo-mixed", I(0), L(200), I(0), I(512));
        Assert.Equal((0, 201), (M.U8(512), M.U8(520)));
        _host.Call("echo-mixed", I(1), L(1L << 40), I(0), I(512));
        Assert.Equal((1, 2ul << 40), (M.U8(512), M.U64(520)));
        _host.Call("echo-mixed", I(2), ValRaw.FromF32(3.0f), I(0), I(512));
        Assert.Equal((2, 1.5f), (M.U8(512), M.F32(520)));
        _host.Call("echo-mixed", I(3), ValRaw.FromF64(2.5), I(0), I(512));
        Assert.Equal((3, 5.0), (M.U8(512), M.F64(520)));
        _host.Put(100, "hey");
        _host.Call("echo-mixed", I(4), L(100), I(3), I(512));
        Assert.Equal(4, M.U8(512));
        Assert.Equal("HEY", _host.StringAt(520));
        _host.Call("echo-mixed", I(5), L(0), I(0), I(512));
        Assert.Equal(5, M.U8(512));
    }

    [Fact]
    public void I32_and_f32_cases_share_an_i32_slot()
    {
        _host.Call("bump", I(0), I(41), I(600));
        Assert.Equal((0, 42u), (M.U8(600), M.U32(604)));
        _host.Call("bump", I(1), ValRaw.FromF32(1.25f), I(600));
        Assert.Equal((1, 2.5f), (M.U8(600), M.F32(604)));
    }

    [Fact]
    public void A_result_without_payloads_is_one_flat_value()
    {
        Assert.Equal(0, _host.Call("check", I(1))[0].I32);
        Assert.Equal(1, _host.Call("check", I(0))[0].I32);
    }

    [Fact]
    public void Nested_options_keep_both_levels()
    {
        _host.Call("deep", I(1), I(1), I(7), I(700));
        Assert.Equal((1, 1, 8u), (M.U8(700), M.U8(704), M.U32(708)));
        _host.Call("deep", I(1), I(0), I(0), I(700));
        Assert.Equal((1, 0), (M.U8(700), M.U8(704)));
        _host.Call("deep", I(0), I(0), I(0), I(700));
        Assert.Equal(0, M.U8(700));
    }

    [Fact]
    public void Lists_of_records_with_options_and_results_round_trip_through_memory()
    {
        _host.Put(100, "ab");
        M.Bytes(110, 3).Fill(7);
        _host.Put(120, "bad");
        // entry { key: string @0, value: option<list<u8>> @8, status: result<u32, string> @20 }, 32 bytes each.
        SetPair(1000, 100, 1);
        M.SetU8(1008, 1);
        SetPair(1012, 110, 3);
        M.SetU8(1020, 0);
        M.SetU32(1024, 10);
        SetPair(1032, 101, 1);
        M.SetU8(1040, 0);
        M.SetU8(1052, 1);
        SetPair(1056, 120, 3);

        _host.Call("keep-ok", I(1000), I(2), I(800));
        var (p, n) = (M.U32(800), M.U32(804));
        Assert.Equal(1u, n);
        Assert.Equal("a", _host.StringAt(p));
        Assert.Equal(1, M.U8(p + 8));
        Assert.Equal(new byte[] { 7, 7, 7 }, M.Bytes(M.U32(p + 12), M.U32(p + 16)).ToArray());
        Assert.Equal((0, 13u), (M.U8(p + 20), M.U32(p + 24)));

        M.SetU8(3000, 1);
        SetPair(3004, 100, 2);
        M.SetU8(3012, 0);
        _host.Call("double-all", I(3000), I(2), I(900));
        var (q, count) = (M.U32(900), M.U32(904));
        Assert.Equal(2u, count);
        Assert.Equal((1, "abab", 0), (M.U8(q), _host.StringAt(q + 4), M.U8(q + 12)));
    }

    [Fact]
    public void More_than_16_flat_parameters_are_read_from_memory()
    {
        // Six `mixed` of 16 bytes (8-aligned) at 2048: nothing, small, nothing, text, nothing, wide.
        byte[] cases = [5, 0, 5, 4, 5, 1];
        for (var i = 0; i < cases.Length; i++)
        {
            M.SetU8(2048 + (uint)i * 16, cases[i]);
        }
        _host.Put(100, "a");
        SetPair(2048 + 48 + 8, 100, 1);
        Assert.Equal(3, _host.Call("count-nothing", I(2048))[0].I32);
        Assert.Contains("unaligned", Assert.Throws<CanonTrapException>(() => _host.Call("count-nothing", I(2052))).Message);
        Assert.Contains("out of bounds", Assert.Throws<CanonTrapException>(() => _host.Call("count-nothing", I(65536 - 64))).Message);
    }

    [Fact]
    public void Bad_discriminants_trap_at_every_level()
    {
        Assert.Contains("invalid discriminant 6 for 6 cases", Assert.Throws<CanonTrapException>(() => _host.Call("echo-mixed", I(6), L(0), I(0), I(512))).Message);
        Assert.Contains("invalid discriminant 2 for 2 cases", Assert.Throws<CanonTrapException>(() => _host.Call("deep", I(1), I(2), I(0), I(700))).Message);
        Assert.Contains("invalid discriminant 2 for 2 cases", Assert.Throws<CanonTrapException>(() => _host.Call("bump", I(2), I(0), I(600))).Message);
        M.SetU8(3000, 9);
        Assert.Contains("invalid discriminant 9", Assert.Throws<CanonTrapException>(() => _host.Call("double-all", I(3000), I(1), I(900))).Message);
        // The host goes on.
        _host.Call("bump", I(0), I(1), I(600));
        Assert.Equal(2u, M.U32(604));
    }

    private void SetPair(uint at, uint ptr, uint length)
    {
        M.SetU32(at, ptr);
        M.SetU32(at + 4, length);
    }

    public void Dispose() => _host.Dispose();
}
