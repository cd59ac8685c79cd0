using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Tests.Abi;

/// <summary>
/// <see cref="GuestMemory"/> attacked on a real Wasmtime memory of one page (65,536 bytes): every
/// pointer and length a guest could forge, checked in 64-bit arithmetic, trapping with the cause.
/// </summary>
public sealed class GuestMemoryTests : IDisposable
{
    private const int Page = 65536;

    // `sum` is a lowered host function taking a list<u8> (ptr, len): the bytes' sum, through a span over guest memory.
    private const string Wat = """
        (module
          (import "host" "sum" (func $sum (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "\01\02\03\04\05")
          (data (i32.const 65532) "\ff\ff\ff\7f")
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func (export "call-sum") (param i32 i32) (result i32) (call $sum (local.get 0) (local.get 1))))
        """;

    private readonly Native.AbiCoreHost _host = AbiHosts.Start(Wat, new LoweredFunction("sum", AbiHosts.I32s(2, 1), Sum));

    private static void Sum(ref CanonCall call, Span<ValRaw> slots)
    {
        var bytes = CanonLift.Bytes(call.Memory, slots[0].U32, slots[1].U32);
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }
        slots[0] = ValRaw.FromI32(sum);
    }

    [Fact]
    public void Reads_what_the_guest_wrote_inside_bounds()
    {
        Assert.Equal((ulong)Page, _host.Memory().Size);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, _host.Memory().Bytes(16, 5).ToArray());
        Assert.Equal(15, _host.CallI32("call-sum", 16, 5));
    }

    [Fact]
    public void Ptr_plus_len_overflowing_32_bits_traps()
    {
        // 0xFFFF_FFF0 + 0x20 wraps to 0x10 in 32-bit arithmetic: inside the memory. In 64 bits it is out.
        var e = Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(0xFFFF_FFF0, 0x20));
        Assert.Contains("out of bounds", e.Message);
        var trap = Assert.Throws<CanonTrapException>(() => _host.CallI32("call-sum", unchecked((int)0xFFFF_FFF0), 0x20));
        Assert.Contains("host#sum: out of bounds: 32 bytes at 4294967280", trap.Message);
        Assert.IsType<CanonTrapException>(_host.State.LastHostException);
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(1, uint.MaxValue));
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(uint.MaxValue, uint.MaxValue));
    }

    [Fact]
    public void One_byte_past_the_end_traps()
    {
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(0, Page + 1));
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(Page - 1, 2));
        Assert.Throws<CanonTrapException>(() => _host.Memory().SetU32(Page, 0)); // aligned, no room
        Assert.Throws<CanonTrapException>(() => _host.Memory().U64(Page - 4));
        var trap = Assert.Throws<CanonTrapException>(() => _host.CallI32("call-sum", Page - 4, 5));
        Assert.Contains("out of bounds", trap.Message);
    }

    [Fact]
    public void Exactly_at_the_end_is_inside()
    {
        Assert.Equal(0x7fff_ffffu, _host.Memory().U32(Page - 4));
        Assert.Equal(4, _host.Memory().Bytes(Page - 4, 4).Length);
        Assert.Equal(Page, _host.Memory().Bytes(0, Page).Length);
        Assert.Equal(255 + 255 + 255 + 127, _host.CallI32("call-sum", Page - 4, 4));
    }

    [Fact]
    public void Zero_length_at_the_end_is_inside_and_past_it_traps()
    {
        Assert.Equal(0, _host.Memory().Bytes(Page, 0).Length);
        Assert.Equal(0, _host.CallI32("call-sum", Page, 0));
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(Page + 1, 0));
        Assert.Throws<CanonTrapException>(() => _host.CallI32("call-sum", -1, 0));
    }

    [Fact]
    public void Unaligned_pointers_trap()
    {
        var e = Assert.Throws<CanonTrapException>(() => _host.Memory().U32(2));
        Assert.Contains("unaligned pointer: 2 is not a multiple of 4", e.Message);
        Assert.Throws<CanonTrapException>(() => _host.Memory().U16(17));
        Assert.Throws<CanonTrapException>(() => _host.Memory().U64(4));
        Assert.Throws<CanonTrapException>(() => _host.Memory().SetF64(12, 1.0));
        Assert.Throws<CanonTrapException>(() => _host.Memory().Bytes(6, 8, 8));
        Assert.Equal(0u, _host.Memory().U32(8));
    }

    [Fact]
    public void A_huge_element_count_traps_before_anything_is_allocated()
    {
        var e = Assert.Throws<CanonTrapException>(() => _host.Memory().CheckArray(0, uint.MaxValue, 16, 8));
        Assert.Contains("out of bounds", e.Message);
        Assert.Equal(16ul * 4096, _host.Memory().CheckArray(0, 4096, 16, 8));
    }

    [Fact]
    public void Growth_is_seen_by_a_new_read_only()
    {
        Assert.Equal(1, _host.CallI32("grow"));
        Assert.Equal(2ul * Page, _host.Memory().Size);
        Assert.Equal(1, _host.Memory().Bytes(2 * Page - 1, 1).Length);
        Assert.Equal(0, _host.CallI32("call-sum", 2 * Page - 1, 1));
    }

    [Fact]
    public void The_instance_keeps_running_after_a_trapped_host_call()
    {
        Assert.Throws<CanonTrapException>(() => _host.CallI32("call-sum", Page, 1));
        Assert.Equal(15, _host.CallI32("call-sum", 16, 5));
    }

    public void Dispose() => _host.Dispose();
}
