namespace Capsule.Wit.Bindings;

/// <summary>
/// A borrowed handle to a resource of type <typeparamref name="T"/> (WIT <c>borrow&lt;T&gt;</c>), valid for the
/// call it is passed to: a method's <c>self</c>, or a parameter.
/// </summary>
/// <typeparam name="T">The generated marker class of the resource.</typeparam>
/// <param name="Handle">The index in the instance's resource table.</param>
public readonly record struct Borrow<T>(uint Handle)
    where T : class;
