namespace Capsule.Wit.Model;

/// <summary>A package's name: <c>namespace:name@version</c>, e.g. <c>wasi:io@0.2.12</c>; the version may be absent.</summary>
public sealed record PackageName(string Namespace, string Name, string? Version)
{
    /// <summary>The name of an item of this package as a component names it: <c>wasi:io/streams@0.2.12</c>.</summary>
    public string Qualify(string item) => Version is null ? $"{Namespace}:{Name}/{item}" : $"{Namespace}:{Name}/{item}@{Version}";

    /// <summary><c>namespace:name@version</c>.</summary>
    public override string ToString() => Version is null ? $"{Namespace}:{Name}" : $"{Namespace}:{Name}@{Version}";
}
