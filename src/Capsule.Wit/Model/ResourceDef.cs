namespace Capsule.Wit.Model;

/// <summary>
/// A <c>resource</c>. Its constructor, methods and static functions are in its interface's
/// <see cref="Interface.Functions"/> (see <see cref="Interface.FunctionsOf"/>), each pointing back here,
/// so the model has no cycles.
/// </summary>
public sealed record ResourceDef(string Name, TypeOwner Owner, string Docs, Gate Gate)
    : TypeDef(Name, Owner, Docs, Gate);
