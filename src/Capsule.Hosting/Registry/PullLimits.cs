namespace Capsule.Hosting.Registry;

/// <summary>
/// Bounds on what a pulled artifact may make Capsule read and write: a registry (or whoever
/// pushed) is not trusted, so a huge declared size, an endless body or a decompression bomb
/// fails with one line instead of filling the disk.
/// </summary>
public static class PullLimits
{
    /// <summary>An image manifest (Spin's are a few KiB).</summary>
    public const int ManifestBytes = 4 << 20;

    /// <summary>The locked app JSON (inlined small files included).</summary>
    public const int LockedAppBytes = 16 << 20;

    /// <summary>One layer: a component's Wasm (componentize-js makes ~13 MB), a file or an archive.</summary>
    public const long LayerBytes = 1L << 30;

    /// <summary>All layers of one app together, and all files unpacked from its archives.</summary>
    public const long AppBytes = 4L << 30;

    /// <summary>Layers of one app (Spin pushes at most 500, ECR's limit).</summary>
    public const int Layers = 1000;

    /// <summary>Files of one app, over all components and archives.</summary>
    public const int Files = 100_000;
}
