using Capsule.Wit.Bindings;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Abi.Variants;

namespace Capsule.Wit.Glue.Tests.Abi;

/// <summary>capsule:abi/variants implemented as its WIT docs say.</summary>
internal sealed class VariantsHost : IVariants
{
    public Mixed EchoMixed(Mixed m) => m switch
    {
        Mixed.Small s => new Mixed.Small((byte)(s.Value + 1)),
        Mixed.Wide w => new Mixed.Wide(w.Value * 2),
        Mixed.Real r => new Mixed.Real(r.Value / 2),
        Mixed.Double d => new Mixed.Double(d.Value * 2),
        Mixed.Text t => new Mixed.Text(t.Value.ToUpperInvariant()),
        _ => m,
    };

    public Num Bump(Num n) => n switch
    {
        Num.Int i => new Num.Int(i.Value + 1),
        Num.Float f => new Num.Float(f.Value * 2),
        _ => n,
    };

    public Result<Unit, Unit> Check(bool ok) => ok ? Result<Unit, Unit>.Ok(default) : Result<Unit, Unit>.Err(default);

    public Option<uint?> Deep(Option<uint?> x) =>
        x is { HasValue: true, Value: { } v } ? Option<uint?>.Some(v + 1) : x;

    public IReadOnlyList<Entry> KeepOk(IReadOnlyList<Entry> entries) =>
        entries.Where(e => e.Status.IsOk)
            .Select(e => e with { Status = Result<uint, string>.Ok(e.Status.Value + (uint)(e.Value?.Length ?? 0)) })
            .ToList();

    public uint CountNothing(Mixed a, Mixed b, Mixed c, Mixed d, Mixed e, Mixed f) =>
        (uint)new[] { a, b, c, d, e, f }.Count(m => m is Mixed.Nothing);

    public IReadOnlyList<string?> DoubleAll(IReadOnlyList<string?> items) => items.Select(s => s is null ? null : s + s).ToList();
}
