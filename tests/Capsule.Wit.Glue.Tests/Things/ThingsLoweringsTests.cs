using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;
using Capsule.Wit.Glue.Tests.Abi;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Test.Things;

namespace Capsule.Wit.Glue.Tests;

/// <summary>
/// The generated canonical ABI lowerings of capsule:test/things (<c>ThingsLowerings</c>), on a real core
/// module that imports every lowered function and re-exports it, called with crafted memory: round trips
/// of records, tuples, lists of records, scalars, enums, flags and resources, and the guest's hostile cases.
/// </summary>
public sealed class ThingsLoweringsTests : IDisposable
{
    private readonly ThingsHost _things = new("");
    private readonly AbiCoreHost _host;

    public ThingsLoweringsTests()
    {
        _host = LoweredGuest.Start(ThingsLowerings.Create(_ => _things));
    }

    private void Put(uint ptr, string text) => Encoding.UTF8.GetBytes(text).CopyTo(_host.Memory().Bytes(ptr, (uint)Encoding.UTF8.GetByteCount(text)));

    private string StringAt(uint ptr) => Encoding.UTF8.GetString(_host.Memory().Bytes(_host.Memory().U32(ptr), _host.Memory().U32(ptr + 4)));

    private ValRaw[] Call(string name, params ValRaw[] args)
    {
        var slots = new ValRaw[Math.Max(args.Length, 1)];
        args.CopyTo(slots, 0);
        _host.Call(name, slots);
        return slots;
    }

    private static ValRaw I(int value) => ValRaw.FromI32(value);

    [Fact]
    public void A_record_with_a_string_round_trips_through_flat_args_and_the_return_pointer()
    {
        Put(100, "abc");
        Call("move-point", I(3), I(4), I(100), I(3), I(10), I(200));
        Assert.Equal((13u, 4u), (_host.Memory().U32(200), _host.Memory().U32(204)));
        Assert.Equal("ABC", StringAt(208));
    }

    [Fact]
    public void A_tuple_and_lists_of_records_round_trip()
    {
        Put(100, "xy");
        Call("swap", I(7), I(100), I(2), I(200));
        Assert.Equal("xy", StringAt(200));
        Assert.Equal(7, _host.Memory().U8(208));

        Call("line", I(3), I(300));
        var (points, count) = (_host.Memory().U32(300), _host.Memory().U32(304));
        Assert.Equal(3u, count);
        Assert.Equal(unchecked((uint)-2), _host.Memory().U32(points + 32 + 4));
        Assert.Equal("p2", StringAt(points + 32 + 8));

        // The list the host just wrote, passed back in: the sum of the points, labels joined.
        Call("sum-points", I((int)points), I(3), I(400));
        Assert.Equal((3u, unchecked((uint)-3)), (_host.Memory().U32(400), _host.Memory().U32(404)));
        Assert.Equal("p0+p1+p2", StringAt(408));
    }

    [Fact]
    public void Scalars_enums_flags_and_bytes_round_trip()
    {
        Call("scalars", I(-5), I(-300), ValRaw.FromF32(1.5f), ValRaw.FromF64(3.0), I(0x1F600), I(1), I(65535), ValRaw.FromI64(41), I(-1), I(512));
        var m = _host.Memory();
        Assert.Equal(5, (sbyte)m.U8(512));
        Assert.Equal(300, (short)m.U16(514));
        Assert.Equal(3.0f, m.F32(516));
        Assert.Equal(1.5, m.F64(520));
        Assert.Equal(0x1F601u, m.U32(528));
        Assert.Equal(0, m.U8(532));
        Assert.Equal(0, m.U16(534));
        Assert.Equal(42ul, m.U64(536));
        Assert.Equal(0u, m.U32(544));

        Assert.Equal(0, Call("next-color", I(2))[0].I32);
        Assert.Equal((int)(Access.Write | Access.Execute), Call("invert", I((int)Access.Read))[0].I32);

        _host.Memory().Bytes(100, 3)[0] = 1;
        _host.Memory().Bytes(100, 3)[2] = 3;
        Call("reverse-bytes", I(100), I(3), I(200));
        Assert.Equal(new byte[] { 3, 0, 1 }, _host.Memory().Bytes(_host.Memory().U32(200), _host.Memory().U32(204)).ToArray());
        Assert.Equal(3, Call("byte-count", I(100), I(3))[0].I32);
    }

    [Fact]
    public void Resources_are_handles_in_the_instance_table_checked_on_every_use()
    {
        var a = Call("[constructor]counter", ValRaw.FromI64(5))[0].I32;
        Assert.Equal(8, Call("[method]counter.add", I(a), ValRaw.FromI64(3))[0].I64);
        var b = Call("[static]counter.merge", I(a), I(a))[0].I32;
        Assert.Equal(16, Call("[method]counter.get", I(b))[0].I64);
        Assert.Equal(8, Call("consume", I(a))[0].I64);
        Assert.Contains($"unknown handle {a}", Assert.Throws<CanonTrapException>(() => Call("[method]counter.get", I(a))).Message);
        Assert.Contains("unknown handle 999", Assert.Throws<CanonTrapException>(() => Call("consume", I(999))).Message);
        var other = _host.State.Handles.AddOwn(uint.MaxValue, 1);
        Assert.Contains("resource type", Assert.Throws<CanonTrapException>(() => Call("consume", I((int)other))).Message);
        Assert.Equal(1, _things.Live);
    }

    [Fact]
    public void Variants_options_and_results_round_trip()
    {
        var m = _host.Memory();
        Call("grow", I(0), I(21), I(0), I(0), I(0), I(200));
        Assert.Equal((0, 42u), (m.U8(200), m.U32(204)));
        Put(100, "ab");
        Call("grow", I(1), I(3), I(4), I(100), I(2), I(200));
        Assert.Equal((1, 6u, 8u, "ab"), (m.U8(200), m.U32(204), m.U32(208), StringAt(212)));
        Call("grow", I(2), I(0), I(0), I(0), I(0), I(200));
        Assert.Equal(2, m.U8(200));

        Put(100, "hi");
        Call("maybe-upper", I(1), I(100), I(2), I(300));
        Assert.Equal((1, "HI"), (m.U8(300), StringAt(304)));
        Call("maybe-upper", I(0), I(0), I(0), I(300));
        Assert.Equal(0, m.U8(300));

        Call("checked-div", ValRaw.FromI64(7), ValRaw.FromI64(2), I(304));
        Assert.Equal((0, 3ul), (m.U8(304), m.U64(312)));
        Call("checked-div", ValRaw.FromI64(7), ValRaw.FromI64(0), I(304));
        Assert.Equal((1, "division by zero"), (m.U8(304), StringAt(312)));

        Call("fail-if", I(1), I(2), I(400));
        Assert.Equal((1, 2), (m.U8(400), m.U8(401)));
        Call("fail-if", I(0), I(0), I(400));
        Assert.Equal(0, m.U8(400));
        Assert.Contains("invalid discriminant 3", Assert.Throws<CanonTrapException>(() => Call("grow", I(3), I(0), I(0), I(0), I(0), I(200))).Message);
    }

    [Fact]
    public void Hostile_arguments_trap_with_their_cause()
    {
        Assert.Contains("out of bounds", Assert.Throws<CanonTrapException>(() => Call("move-point", I(0), I(0), I(65530), I(7), I(0), I(200))).Message);
        _host.Memory().Bytes(100, 2)[0] = 0xC3;
        _host.Memory().Bytes(100, 2)[1] = 0x28;
        Assert.Contains("invalid UTF-8", Assert.Throws<CanonTrapException>(() => Call("move-point", I(0), I(0), I(100), I(2), I(0), I(200))).Message);
        Assert.Contains("unaligned", Assert.Throws<CanonTrapException>(() => Call("move-point", I(0), I(0), I(100), I(0), I(0), I(202))).Message);
        Assert.Contains("invalid discriminant 3", Assert.Throws<CanonTrapException>(() => Call("next-color", I(3))).Message);
        Assert.Contains("invalid char", Assert.Throws<CanonTrapException>(() => Call("scalars", I(0), I(0), default, default, I(0xD800), I(0), I(0), default, I(0), I(512))).Message);
        // 2^32-1 points of 16 bytes: refused before anything is allocated.
        Assert.Contains("out of bounds", Assert.Throws<CanonTrapException>(() => Call("sum-points", I(0), I(-1), I(400))).Message);
        Assert.Contains("out of bounds", Assert.Throws<CanonTrapException>(() => Call("reverse-bytes", I(-16), I(32), I(200))).Message);
    }

    public void Dispose() => _host.Dispose();
}
