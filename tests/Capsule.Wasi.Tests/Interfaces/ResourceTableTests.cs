namespace Capsule.Wasi.Tests.Interfaces;

public sealed class ResourceTableTests
{
    private sealed class Tracked : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Handles_are_typed_and_removed_on_drop()
    {
        using var table = new ResourceTable();
        var item = new Tracked();
        var rep = table.Add(item);
        Assert.Same(item, table.Get<Tracked>(rep));
        Assert.Throws<InvalidOperationException>(() => table.Get<string>(rep));
        table.Delete(rep);
        Assert.True(item.Disposed);
        Assert.Throws<InvalidOperationException>(() => table.Get<Tracked>(rep));
    }

    [Fact]
    public void Take_hands_over_without_disposing()
    {
        using var table = new ResourceTable();
        var item = new Tracked();
        var rep = table.Add(item);
        Assert.Same(item, table.Take<Tracked>(rep));
        Assert.False(item.Disposed);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_guest_cannot_create_handles_without_end()
    {
        using var table = new ResourceTable(capacity: 100);
        for (var i = 0; i < 100; i++)
        {
            table.Add(new object());
        }
        var error = Assert.Throws<ResourceTableFullException>(() => table.Add(new object()));
        Assert.Equal("the guest holds 100 handles, the most one instance may hold", error.Message);
    }

    [Fact]
    public void Leftovers_are_disposed_with_the_table()
    {
        var leftovers = Enumerable.Range(0, 3).Select(_ => new Tracked()).ToList();
        var table = new ResourceTable();
        leftovers.ForEach(t => table.Add(t));
        table.Dispose();
        Assert.All(leftovers, t => Assert.True(t.Disposed));
    }
}
