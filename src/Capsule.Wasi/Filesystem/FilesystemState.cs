namespace Capsule.Wasi.Filesystem;

/// <summary>The folders one instance was granted, opened, with the path the guest sees. Disposed with the instance.</summary>
public sealed class FilesystemState(GuestGrants grants) : IDisposable
{
    /// <summary>The granted folders (none when nothing is mounted).</summary>
    public IReadOnlyList<(Descriptor Descriptor, string GuestPath)> Preopens { get; } =
        grants.Mounts.IsEmpty ? [] : [.. grants.Mounts.Select(m => (Descriptor.OpenPreopen(m), m.GuestPath))];

    /// <summary>Closes the preopened folders.</summary>
    public void Dispose()
    {
        foreach (var (descriptor, _) in Preopens)
        {
            descriptor.Dispose();
        }
    }
}
