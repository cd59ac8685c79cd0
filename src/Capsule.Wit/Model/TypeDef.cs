namespace Capsule.Wit.Model;

/// <summary>
/// A named type: a record, variant, enum, flags, resource or alias. A type used from another
/// interface is the same object there (see <see cref="Use"/>); <see cref="Owner"/> says where it is defined.
/// </summary>
public abstract record TypeDef(string Name, TypeOwner Owner, string Docs, Gate Gate);
