namespace Capsule.Tests.Shared;

/// <summary>
/// A folder to mount and a secret beside it, with every way out a guest
/// might try: symlinks to a file and a folder outside, a symlink loop, and a
/// harmless inner symlink. Deleted on dispose.
/// </summary>
public sealed class EscapeLayout : IDisposable
{
    /// <summary>What lies outside the mount; a guest must never print it.</summary>
    public const string Secret = "SECRET-OUTSIDE-THE-MOUNT";

    private readonly TempDir _temp = new();

    public EscapeLayout()
    {
        Mount = _temp.Combine("mount");
        Directory.CreateDirectory(Path.Combine(Mount, "sub"));
        File.WriteAllText(Path.Combine(Mount, "sub", "inside.txt"), "inside data\n");
        File.WriteAllText(OutsideFile, Secret);
        File.CreateSymbolicLink(Path.Combine(Mount, "escape.txt"), OutsideFile);
        File.CreateSymbolicLink(Path.Combine(Mount, "escape-dir"), _temp.Path);
        File.CreateSymbolicLink(Path.Combine(Mount, "inner-link.txt"), Path.Combine("sub", "inside.txt"));
        File.CreateSymbolicLink(Path.Combine(Mount, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(Mount, "loop-b"), "loop-a");
    }

    /// <summary>The folder to mount.</summary>
    public string Mount { get; }

    /// <summary>A file beside the mount holding <see cref="Secret"/>.</summary>
    public string OutsideFile => _temp.Combine("outside.txt");

    public void Dispose() => _temp.Dispose();
}
