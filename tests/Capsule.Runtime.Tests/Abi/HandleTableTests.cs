using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Tests.Abi;

/// <summary>The per-instance handle table: forged, dangling, wrong-type and lent handles trap; borrows end with their call.</summary>
public sealed class HandleTableTests
{
    private const uint Fields = 7;
    private const uint Stream = 8;

    [Fact]
    public void Handles_start_at_one_and_are_reused_after_a_drop()
    {
        var table = new HandleTable();
        var a = table.AddOwn(Fields, 100);
        var b = table.AddOwn(Fields, 101);
        Assert.Equal((1u, 2u), (a, b));
        Assert.Equal((100u, true), table.Drop(a, Fields));
        Assert.Equal(a, table.AddOwn(Stream, 102));
        Assert.Equal(2, table.Count);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(uint.MaxValue)]
    public void A_forged_handle_traps(uint handle)
    {
        var table = new HandleTable();
        table.AddOwn(Fields, 100);
        var e = Assert.Throws<CanonTrapException>(() => table.Rep(handle, Fields));
        Assert.Equal($"unknown handle {handle}", e.Message);
    }

    [Fact]
    public void A_dangling_handle_traps()
    {
        var table = new HandleTable();
        var h = table.AddOwn(Fields, 100);
        table.TakeOwn(h, Fields);
        Assert.Throws<CanonTrapException>(() => table.Lend(h, Fields));
        Assert.Throws<CanonTrapException>(() => table.Drop(h, Fields));
    }

    [Fact]
    public void A_handle_of_another_type_traps_on_every_use()
    {
        var table = new HandleTable();
        var h = table.AddOwn(Stream, 100);
        Assert.Contains("is of resource type 8, not 7", Assert.Throws<CanonTrapException>(() => table.Rep(h, Fields)).Message);
        Assert.Throws<CanonTrapException>(() => table.Lend(h, Fields));
        Assert.Throws<CanonTrapException>(() => table.TakeOwn(h, Fields));
        Assert.Throws<CanonTrapException>(() => table.Drop(h, Fields));
        Assert.Equal(100u, table.Rep(h, Stream));
    }

    [Fact]
    public void A_lent_handle_cannot_move_or_drop_until_the_call_ends()
    {
        var table = new HandleTable();
        var h = table.AddOwn(Fields, 100);
        var mark = table.LendMark;
        Assert.Equal(100u, table.Lend(h, Fields));
        Assert.Throws<CanonTrapException>(() => table.Drop(h, Fields));
        Assert.Throws<CanonTrapException>(() => table.TakeOwn(h, Fields));
        table.EndLends(mark);
        Assert.Equal(100u, table.TakeOwn(h, Fields));
    }

    [Fact]
    public void A_borrow_is_not_an_own_and_must_be_dropped_before_its_call_ends()
    {
        var table = new HandleTable();
        var scope = new BorrowScope();
        var h = table.AddBorrow(Fields, 100, scope);
        Assert.Contains("is a borrow", Assert.Throws<CanonTrapException>(() => table.TakeOwn(h, Fields)).Message);
        Assert.Contains("1 borrow handle(s) still remain", Assert.Throws<CanonTrapException>(scope.End).Message);
        Assert.Equal((100u, false), table.Drop(h, Fields));
        scope.End();
    }
}
