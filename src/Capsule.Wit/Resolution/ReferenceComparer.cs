using System.Runtime.CompilerServices;

namespace Capsule.Wit.Resolution;

/// <summary>Compares by identity: syntax records compare by value, but each parsed node is its own item.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static ReferenceComparer<T> Instance { get; } = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
