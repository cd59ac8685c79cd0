namespace Capsule.Wit.Model;

/// <summary>
/// A type where it is used (a parameter, result, field, payload): a primitive, a constructed type
/// (list, option, result, tuple, future, stream), a handle to a resource, or a reference to a named type.
/// </summary>
public abstract record WitType;
