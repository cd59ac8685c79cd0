using System.Text;
using Capsule.Wit.Bindings;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Test.Things;

namespace Capsule.Wit.Glue.Tests;

/// <summary>
/// capsule:test/things implemented on its generated interfaces, for one instance: every function changes its
/// input (a glue that lost or swapped a value shows in the guest's report), counters live in a table of its own.
/// <paramref name="suffix"/> is what the component's <c>things_suffix</c> key granted (see <see cref="ThingsFeature"/>).
/// </summary>
internal sealed class ThingsHost(string suffix) : IThings, ICounterHost
{
    private readonly Dictionary<uint, ulong> _counters = [];
    private uint _next = 1;

    /// <summary>How many counters the guest dropped (the generated destructor calls <see cref="Drop"/>).</summary>
    public uint Dropped { get; private set; }

    /// <summary>Counters still held.</summary>
    public int Live => _counters.Count;

    public ICounterHost Counter => this;

    public void Nop()
    {
    }

    public byte[] ReverseBytes(ReadOnlySpan<byte> data)
    {
        var reversed = data.ToArray();
        Array.Reverse(reversed);
        return reversed;
    }

    public uint ByteCount(ReadOnlySpan<byte> data) => (uint)data.Length;

    public Point MovePoint(Point p, int dx) => p with { X = p.X + dx, Label = p.Label.ToUpperInvariant() };

    public Shape Grow(Shape s) => s switch
    {
        Shape.Circle c => new Shape.Circle(c.Value * 2),
        Shape.Square q => new Shape.Square(q.Value with { X = q.Value.X * 2, Y = q.Value.Y * 2 }),
        _ => s,
    };

    public Color NextColor(Color c) => (Color)(((int)c + 1) % 3);

    public Access Invert(Access a) => ~a & (Access.Read | Access.Write | Access.Execute);

    public string? MaybeUpper(string? o) => o is null ? null : o.ToUpperInvariant() + suffix;

    public Result<long, string> CheckedDiv(long a, long b) => b == 0 ? "division by zero" : a / b;

    public Result<Unit, Color> FailIf(bool fail, Color c) => fail ? Result<Unit, Color>.Err(c) : Result<Unit, Color>.Ok(default);

    public (string, byte) Swap((byte, string) t) => (t.Item2, t.Item1);

    public Point SumPoints(IReadOnlyList<Point> points) =>
        new(points.Sum(p => p.X), points.Sum(p => p.Y), string.Join("+", points.Select(p => p.Label)));

    public IReadOnlyList<Point> Line(uint n) => [.. Enumerable.Range(0, (int)n).Select(i => new Point(i, -i, $"p{i}"))];

    public (sbyte, short, float, double, Rune, bool, ushort, ulong, int) Scalars(
        sbyte a, short b, float c, double d, Rune e, bool f, ushort g, ulong h, int i) =>
        ((sbyte)-a, (short)-b, c * 2, d / 2, new Rune(e.Value + 1), !f, (ushort)(g + 1), h + 1, i + 1);

    public ulong Consume(Resource<Counter> c)
    {
        // The guest handed its handle over: no destructor runs for it, the host removes it.
        var value = _counters[c.Handle];
        _counters.Remove(c.Handle);
        return value;
    }

    public uint Drops() => Dropped;

    public Resource<Counter> New(ulong start)
    {
        var handle = _next++;
        _counters[handle] = start;
        return new Resource<Counter>(handle);
    }

    public ulong Add(Borrow<Counter> self, ulong amount) => _counters[self.Handle] += amount;

    public ulong Get(Borrow<Counter> self) => _counters[self.Handle];

    public Resource<Counter> Merge(Borrow<Counter> a, Borrow<Counter> b) => New(_counters[a.Handle] + _counters[b.Handle]);

    public void Drop(Resource<Counter> self)
    {
        _counters.Remove(self.Handle);
        Dropped++;
    }
}
