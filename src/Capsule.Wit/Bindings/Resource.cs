namespace Capsule.Wit.Bindings;

/// <summary>
/// An owned handle to a resource of type <typeparamref name="T"/> (WIT <c>own&lt;T&gt;</c>): its index in the
/// instance's resource table. The type parameter is the resource's generated marker class, so handles of
/// different resources cannot be mixed up and no resource type needs a hand-numbered id.
/// </summary>
/// <typeparam name="T">The generated marker class of the resource.</typeparam>
/// <param name="Handle">The index in the instance's resource table.</param>
public readonly record struct Resource<T>(uint Handle)
    where T : class
{
    /// <summary>The borrow of this handle, for calling a method on a resource one owns.</summary>
    public Borrow<T> AsBorrow() => new(Handle);
}
