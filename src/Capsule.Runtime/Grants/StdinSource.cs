namespace Capsule.Runtime.Grants;

/// <summary>Where a guest's standard input comes from.</summary>
public abstract record StdinSource
{
    /// <summary>An empty stream (the default: a guest reads nothing it was not given).</summary>
    public static StdinSource Empty { get; } = new EmptyStdin();

    /// <summary>The host process's own standard input (what a CLI user expects).</summary>
    public static StdinSource Inherit { get; } = new InheritedStdin();

    /// <summary>The contents of a host file.</summary>
    public static StdinSource FromFile(string path) => new FileStdin(path);

    /// <summary>No input.</summary>
    public sealed record EmptyStdin : StdinSource;

    /// <summary>The host's standard input.</summary>
    public sealed record InheritedStdin : StdinSource;

    /// <summary>A host file.</summary>
    /// <param name="Path">The file to read.</param>
    public sealed record FileStdin(string Path) : StdinSource;
}
