using Capsule.Runtime.Features;

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
            table.Add(i % 10 == 0 ? "a string" : new object());
        }
        var error = Assert.Throws<ResourceTableFullException>(() => table.Add(new object()));
        Assert.Equal("the guest holds 100 handles, the most one instance may hold (most held: 90 Object, 10 String)", error.Message);
    }

    [Fact]
    public void A_shared_resource_is_one_entry_however_many_handles_point_at_it()
    {
        using var table = new ResourceTable(capacity: 2);
        var readiness = new Io.LivePollable(() => Task.CompletedTask);
        var reps = Enumerable.Range(0, 1000).Select(_ => table.Add(readiness)).Distinct().ToList();
        var other = table.Add(new object());

        Assert.Single(reps);
        Assert.Equal(2, table.Count);
        for (var i = 0; i < 999; i++)
        {
            table.Delete(reps[0]);
        }
        Assert.Same(readiness, table.Get<Io.Pollable>(reps[0]));
        table.Delete(reps[0]);
        Assert.Equal(1, table.Count);
        Assert.Throws<InvalidOperationException>(() => table.Get<Io.Pollable>(reps[0]));
        Assert.NotEqual(reps[0], other);
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
