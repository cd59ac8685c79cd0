using Capsule.Runtime.Native;
using Microsoft.Win32.SafeHandles;
using static Capsule.Runtime.Native.BeneathFileSystem;

namespace Capsule.Wasi.Filesystem;

/// <summary>Folder operations of a descriptor: listing and changing entries.</summary>
public sealed partial class Descriptor
{
    /// <summary>read-directory: the folder's entries (without . and ..).</summary>
    public DirectoryEntryStream ReadDirectory() => Guard(() =>
    {
        RequireDirectory();
        var entries = new DirectoryInfo(ProcPath(Handle)).EnumerateFileSystemInfos()
            .Select(info => new DirectoryEntry(EntryType(info), info.Name))
            .ToList();
        return new DirectoryEntryStream(entries);
    });

    /// <summary>create-directory-at.</summary>
    public void CreateDirectoryAt(string path) => Mutate(path, (parent, name) => CreateDirectory(parent, name));

    /// <summary>remove-directory-at.</summary>
    public void RemoveDirectoryAt(string path) => Mutate(path, (parent, name) => Remove(parent, name, directory: true));

    /// <summary>unlink-file-at.</summary>
    public void UnlinkFileAt(string path) => Mutate(path, (parent, name) => Remove(parent, name, directory: false));

    /// <summary>symlink-at: creates <paramref name="newPath"/> pointing at <paramref name="oldPath"/>.</summary>
    public void SymlinkAt(string oldPath, string newPath)
    {
        if (oldPath.StartsWith('/'))
        {
            // An absolute target could never be followed beneath the mount; refuse it as wasmtime does.
            throw new FilesystemError("not-permitted", $"{oldPath}: absolute symlink targets are not allowed");
        }
        Mutate(newPath, (parent, name) => Symlink(oldPath, parent, name));
    }

    /// <summary>rename-at: moves <paramref name="oldPath"/> here to <paramref name="newPath"/> under <paramref name="newDirectory"/>.</summary>
    public void RenameAt(string oldPath, Descriptor newDirectory, string newPath) =>
        Mutate(oldPath, (fromParent, fromName) => newDirectory.Mutate(newPath, (toParent, toName) => Rename(fromParent, fromName, toParent, toName)));

    /// <summary>link-at: a hard link to <paramref name="oldPath"/> at <paramref name="newPath"/> under <paramref name="newDirectory"/>.</summary>
    public void LinkAt(string oldPath, Descriptor newDirectory, string newPath) =>
        Mutate(oldPath, (fromParent, fromName) => newDirectory.Mutate(newPath, (toParent, toName) => Link(fromParent, fromName, toParent, toName)));

    /// <summary>readlink-at.</summary>
    public string ReadlinkAt(string path) => Guard(() =>
    {
        RequireDirectory();
        var (parentPath, name) = Split(path);
        using var parent = OpenBeneath(Handle, parentPath, PathOnly | MustBeDirectory);
        return ReadLink(parent, name);
    });

    /// <summary>set-times: null leaves a time unchanged; <see cref="DateTimeOffset.MinValue"/> means now.</summary>
    public void SetTimes(DateTimeOffset? access, DateTimeOffset? modify) => Guard(() =>
    {
        RequireWritableMount();
        BeneathFileSystem.SetTimes(Handle, access, modify);
        return 0;
    });

    /// <summary>set-times-at.</summary>
    public void SetTimesAt(bool followSymlinks, string path, DateTimeOffset? access, DateTimeOffset? modify) => Guard(() =>
    {
        RequireDirectory();
        RequireWritableMount();
        using var handle = OpenBeneath(Handle, path, ReadOnly | (followSymlinks ? 0 : NoFollow));
        BeneathFileSystem.SetTimes(handle, access, modify);
        return 0;
    });

    // Opens the parent folder of path beneath this one and runs a change on (parent, last component).
    private void Mutate(string path, Action<SafeFileHandle, string> change) => Guard(() =>
    {
        RequireDirectory();
        RequireWritableMount();
        if (!Flags.HasFlag(DescriptorFlags.MutateDirectory))
        {
            throw new FilesystemError("not-permitted", $"{path}: the folder may not be changed");
        }
        var (parentPath, name) = Split(path);
        using var parent = OpenBeneath(Handle, parentPath, PathOnly | MustBeDirectory);
        change(parent, name);
        return 0;
    });

    private void RequireWritableMount()
    {
        if (!MountWritable)
        {
            throw new FilesystemError("not-permitted", "the mount is read-only");
        }
    }

    private static (string Parent, string Name) Split(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash switch
        {
            < 0 => (".", trimmed),
            0 => ("/", trimmed[1..]),
            _ => (trimmed[..slash], trimmed[(slash + 1)..]),
        };
    }

    private static string EntryType(FileSystemInfo info) =>
        info.LinkTarget is not null ? "symbolic-link"
        : info is DirectoryInfo ? "directory"
        : "regular-file";
}

/// <summary>wasi:filesystem directory-entry-stream: a listing read one entry at a time.</summary>
public sealed class DirectoryEntryStream(IReadOnlyList<DirectoryEntry> entries)
{
    private int _next;

    /// <summary>The next entry, or null at the end.</summary>
    public DirectoryEntry? ReadNext() => _next < entries.Count ? entries[_next++] : null;
}
