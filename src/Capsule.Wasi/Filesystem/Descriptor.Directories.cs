using Microsoft.Win32.SafeHandles;
using static Capsule.Runtime.Native.BeneathFileSystem;
using ErrorCode = Capsule.Wasi.Generated.Wasi.Filesystem.Types.ErrorCode;

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
    public void CreateDirectoryAt(string path) =>
        Mutate(GuestPath.StripTrailingSlashes(path), (parent, name) => CreateDirectory(parent, name));

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
            throw new FilesystemError(ErrorCode.NotPermitted, $"{oldPath}: absolute symlink targets are not allowed");
        }
        Mutate(newPath, (parent, name) => Symlink(GuestPath.Checked(oldPath), parent, name));
    }

    /// <summary>rename-at: moves <paramref name="oldPath"/> here to <paramref name="newPath"/> under <paramref name="newDirectory"/>.</summary>
    public void RenameAt(string oldPath, Descriptor newDirectory, string newPath)
    {
        // Trailing slashes come off to find the entries and go back on them, so
        // the kernel still insists on folders (renameat never follows the last component).
        Mutate(GuestPath.StripTrailingSlashes(oldPath), (fromParent, fromName) =>
            newDirectory.Mutate(GuestPath.StripTrailingSlashes(newPath), (toParent, toName) =>
                Rename(fromParent, WithSlashOf(oldPath, fromName), toParent, WithSlashOf(newPath, toName))));
    }

    /// <summary>link-at: a hard link to <paramref name="oldPath"/> at <paramref name="newPath"/> under <paramref name="newDirectory"/>.</summary>
    public void LinkAt(bool followSymlinks, string oldPath, Descriptor newDirectory, string newPath)
    {
        RequireWritableMount();
        newDirectory.RequireWritableMount();
        if (followSymlinks)
        {
            // linkat would follow a link with AT_SYMLINK_FOLLOW, perhaps out of the mount; wasmtime refuses it too.
            throw new FilesystemError(ErrorCode.Invalid, "link-at does not follow symbolic links");
        }
        Mutate(oldPath, (fromParent, fromName) =>
            newDirectory.Mutate(newPath, (toParent, toName) => Link(fromParent, fromName, toParent, toName)));
    }

    /// <summary>readlink-at.</summary>
    public string ReadlinkAt(string path) => Guard(() =>
    {
        RequireDirectory();
        return InParent(path, ReadLink);
    });

    /// <summary>set-times.</summary>
    public void SetTimes(NewFileTime access, NewFileTime modify) => Guard(() =>
    {
        RequireWritableMount();
        BeneathFileSystem.SetTimes(Handle, access, modify);
        return 0;
    });

    /// <summary>set-times-at: without <paramref name="followSymlinks"/>, a symbolic link's own times change.</summary>
    public void SetTimesAt(bool followSymlinks, string path, NewFileTime access, NewFileTime modify) => Guard(() =>
    {
        RequireDirectory();
        RequireWritableMount();
        if (!followSymlinks)
        {
            return InParent(path, (parent, name) =>
            {
                SetTimesNoFollow(parent, name, access, modify);
                return 0;
            });
        }
        using var handle = OpenBeneath(Handle, GuestPath.Checked(path), PathOnly);
        BeneathFileSystem.SetTimes(handle, access, modify);
        return 0;
    });

    // Opens the parent folder of path beneath this one and runs a change on (parent, entry).
    private void Mutate(string path, Action<SafeFileHandle, string> change) => Guard(() =>
    {
        RequireDirectory();
        RequireWritableMount();
        if (!Flags.HasFlag(DescriptorFlags.MutateDirectory))
        {
            throw new FilesystemError(ErrorCode.NotPermitted, $"{path}: the folder may not be changed");
        }
        return InParent(path, (parent, name) =>
        {
            change(parent, name);
            return 0;
        });
    });

    // Runs an operation on (folder, entry) as GuestPath splits path; the folder is opened beneath this one.
    private T InParent<T>(string path, Func<SafeFileHandle, string, T> operation)
    {
        var (folder, entry) = GuestPath.SplitParent(path);
        if (folder.Length == 0)
        {
            return operation(Handle, entry);
        }
        using var parent = OpenBeneath(Handle, folder, PathOnly | MustBeDirectory);
        return operation(parent, entry);
    }

    private static string WithSlashOf(string path, string name) => path.EndsWith('/') && name != "." ? name + "/" : name;

    private void RequireWritableMount()
    {
        if (!MountWritable)
        {
            throw new FilesystemError(ErrorCode.NotPermitted, "the mount is read-only");
        }
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
