using Capsule.Wasi.Generated.Wasi.Filesystem.Types;
using Capsule.Wasi.Io;
using DescriptorMarker = Capsule.Wasi.Generated.Wasi.Filesystem.Types.Descriptor;
using EntryStreamMarker = Capsule.Wasi.Generated.Wasi.Filesystem.Types.DirectoryEntryStream;
using IoErrorMarker = Capsule.Wasi.Generated.Wasi.Io.Error.Error;
using WitDirectoryEntry = Capsule.Wasi.Generated.Wasi.Filesystem.Types.DirectoryEntry;

namespace Capsule.Wasi.Filesystem;

/// <summary>
/// wasi:filesystem/types and wasi:filesystem/preopens for one instance: handles resolve in
/// its resource table, the preopens are its <see cref="FilesystemState"/>. Failures become
/// error codes in <see cref="FilesystemError"/>. Descriptor methods: FilesystemHost.Descriptor.cs.
/// </summary>
internal sealed partial class FilesystemHost(InstanceState state) : ITypes, IPreopens, IDirectoryEntryStreamHost
{
    IDescriptorHost ITypes.Descriptor => this;

    IDirectoryEntryStreamHost ITypes.DirectoryEntryStream => this;

    /// <summary>Each call hands out new handles; the instance's state keeps the descriptors themselves.</summary>
    public IReadOnlyList<(Resource<DescriptorMarker>, string)> GetDirectories()
    {
        var granted = state.Find<FilesystemState>()?.Preopens ?? [];
        var directories = new (Resource<DescriptorMarker>, string)[granted.Count];
        for (var i = 0; i < granted.Count; i++)
        {
            directories[i] = (Own<DescriptorMarker>(new SharedDescriptor(granted[i].Descriptor)), granted[i].GuestPath);
        }
        return directories;
    }

    /// <summary>Errors Capsule's streams raise carry no errno today: none maps to a code.</summary>
    public ErrorCode? FilesystemErrorCode(Borrow<IoErrorMarker> err)
    {
        _ = state.Table.Get<IoError>(err.Handle);
        return null;
    }

    public Result<WitDirectoryEntry?, ErrorCode> ReadDirectoryEntry(Borrow<EntryStreamMarker> self) =>
        FilesystemError.Run<DirectoryEntryStream, WitDirectoryEntry?>(state.Table.Get<DirectoryEntryStream>(self.Handle), static listing =>
            listing.ReadNext() is { } entry ? new WitDirectoryEntry(WitCaseNames<DescriptorType>.Parse(entry.Type), entry.Name) : null);

    public void Drop(Resource<EntryStreamMarker> self) => state.Table.Delete(self.Handle);

    public void Drop(Resource<DescriptorMarker> self) => state.Table.Delete(self.Handle);

    private Resource<T> Own<T>(object hostObject)
        where T : class => new(state.Table.Add(hostObject));

    private Descriptor Get(Borrow<DescriptorMarker> handle) =>
        state.Table.Get<object>(handle.Handle) switch
        {
            SharedDescriptor shared => shared.Inner,
            Descriptor d => d,
            var other => throw new InvalidOperationException($"handle is a {other.GetType().Name}, not a descriptor"),
        };

    /// <summary>A second handle on a preopen: dropping it must not close the instance's descriptor.</summary>
    private sealed class SharedDescriptor(Descriptor inner)
    {
        public Descriptor Inner { get; } = inner;
    }
}
