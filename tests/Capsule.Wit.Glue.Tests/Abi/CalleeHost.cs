using Capsule.Wit.Bindings;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Callee;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Resources;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>capsule:abi/callee on the host side (its lowerings are what the hostile guest imports to pass a wrong-type handle).</summary>
internal sealed class CalleeHost : ICallee
{
    public string Echo(string s) => s;

    public uint Add(uint a, uint b) => a + b;

    public Result<uint, uint> OkIfSome(uint? x) => x is { } v ? Result<uint, uint>.Ok(v) : Result<uint, uint>.Err(404);

    public uint Count(IReadOnlyList<ulong> items) => (uint)items.Count + (uint)(items.Count > 0 ? items[0] : 0);

    public ulong Sum17(uint a, uint b, uint c, uint d, uint e, uint f, uint g, uint h, uint i, uint j, uint k, uint l, uint m, uint n, uint o, uint p, uint q) =>
        (ulong)a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q;

    public uint Give(Resource<Thing> t, Borrow<Thing> b) => t.Handle;

    public void Keep(Borrow<Thing> b)
    {
    }

    public Result<Unit, Unit> Run() => Result<Unit, Unit>.Err(default);
}
