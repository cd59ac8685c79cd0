namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Numbers the WIT interfaces host functions belong to, once per process at link time, so a host
/// call is counted by index (<see cref="RunCost.CountHostCall"/>) rather than by name. Names are
/// kept without their version (<c>wasi:http/types</c>): every 0.2.x guest counts the same.
/// Thread-safe.
/// </summary>
public static class HostInterfaceNames
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, int> Indexes = [];
    private static string[] _names = [];

    /// <summary>Interfaces numbered so far.</summary>
    public static int Count => Volatile.Read(ref _names).Length;

    /// <summary>The index of the interface of <paramref name="qualifiedInterface"/> (<c>wasi:http/types@0.2.12</c>).</summary>
    public static int IndexOf(string qualifiedInterface)
    {
        var at = qualifiedInterface.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? qualifiedInterface : qualifiedInterface[..at];
        lock (Gate)
        {
            if (!Indexes.TryGetValue(name, out var index))
            {
                index = Indexes[name] = _names.Length;
                _names = [.. _names, name];
            }
            return index;
        }
    }

    /// <summary>The name numbered <paramref name="index"/>.</summary>
    public static string Of(int index) => Volatile.Read(ref _names)[index];
}
