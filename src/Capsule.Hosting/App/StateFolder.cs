using Capsule.Hosting.Manifest;
using Capsule.Runtime.Native;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Hosting.App;

/// <summary>
/// The app's state folder (<c>.capsule</c> next to the manifest) and the
/// folders in it, created, opened and emptied through handles, never by
/// following a link: the state folder, its <c>files</c> folder or a
/// component's folder that is a symbolic link, not a folder, or owned by
/// another user is refused, so start-up never writes or deletes outside it.
/// </summary>
internal sealed class StateFolder(string path)
{
    private const int DirectoryFlags = BeneathFileSystem.ReadOnly | BeneathFileSystem.MustBeDirectory | BeneathFileSystem.NoFollow;

    /// <summary>Where component <paramref name="id"/>'s gathered files live.</summary>
    public string ComponentFilesPath(string id) => Path.Combine(path, "files", id);

    /// <summary>
    /// Opens <c>files/&lt;id&gt;</c>, created if missing, emptied if not:
    /// the caller writes the component's files beneath the returned handle.
    /// </summary>
    public SafeFileHandle FreshComponentFolder(string id)
    {
        var full = Path.GetFullPath(path);
        using var parent = Open(() => BeneathFileSystem.OpenDirectory(Path.GetDirectoryName(full)!), full);
        using var state = OpenOrCreate(parent, Path.GetFileName(full), full);
        using var files = OpenOrCreate(state, "files", Path.Combine(full, "files"));
        var folderPath = Path.Combine(full, "files", id);
        var folder = OpenOrCreate(files, id, folderPath);
        try
        {
            Open(() => { Empty(folder); return folder; }, folderPath);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    // mkdirat then open with O_NOFOLLOW|O_DIRECTORY: a link or a file in the
    // way fails the open (ELOOP, ENOTDIR) instead of being followed.
    private static SafeFileHandle OpenOrCreate(SafeFileHandle parent, string name, string display)
    {
        try
        {
            BeneathFileSystem.CreateDirectory(parent, name);
        }
        catch (FileSystemErrorException e) when (e.Errno == Errno.Exists)
        {
            // Already there: checked below.
        }
        catch (FileSystemErrorException e)
        {
            throw Refused(display, $"cannot be created ({e.Message})");
        }
        SafeFileHandle handle;
        try
        {
            handle = BeneathFileSystem.OpenBeneath(parent, name, DirectoryFlags);
        }
        catch (FileSystemErrorException e)
        {
            throw Refused(display, e.Errno switch
            {
                Errno.Loop or Errno.NotDirectory when IsLink(parent, name) => "is a symbolic link; capsule keeps the app's state in a real folder here and does not follow links (remove the link)",
                Errno.NotDirectory => "is not a folder; capsule keeps the app's state in a folder here (move the file away)",
                _ => $"cannot be opened ({e.Message})",
            });
        }
        var owner = BeneathFileSystem.Stat(handle).UserId;
        var me = BeneathFileSystem.EffectiveUserId();
        if (owner != me)
        {
            handle.Dispose();
            throw Refused(display, $"is owned by user {owner}, not by the user running capsule ({me}); capsule does not use another user's state folder");
        }
        return handle;
    }

    // O_PATH|O_NOFOLLOW opens a link itself, so fstat tells its type.
    private static bool IsLink(SafeFileHandle parent, string name)
    {
        try
        {
            using var entry = BeneathFileSystem.OpenBeneath(parent, name, BeneathFileSystem.PathOnly | BeneathFileSystem.NoFollow);
            return BeneathFileSystem.Stat(entry).IsSymbolicLink;
        }
        catch (FileSystemErrorException)
        {
            return false;
        }
    }

    // Removes everything in a folder without following links: unlinkat
    // removes a link itself; a real folder is opened O_NOFOLLOW and emptied first.
    private static void Empty(SafeFileHandle folder)
    {
        var names = Directory.EnumerateFileSystemEntries(BeneathFileSystem.ProcPath(folder)).Select(Path.GetFileName).ToList();
        foreach (var name in names)
        {
            try
            {
                BeneathFileSystem.Remove(folder, name!, directory: false);
            }
            catch (FileSystemErrorException e) when (e.Errno is Errno.IsDirectory)
            {
                using (var child = BeneathFileSystem.OpenBeneath(folder, name!, DirectoryFlags))
                {
                    Empty(child);
                }
                BeneathFileSystem.Remove(folder, name!, directory: true);
            }
            catch (FileSystemErrorException e) when (e.Errno is Errno.NoEntry)
            {
                // Gone already.
            }
        }
    }

    private static T Open<T>(Func<T> action, string display)
    {
        try
        {
            return action();
        }
        catch (FileSystemErrorException e)
        {
            throw Refused(display, e.Message);
        }
        catch (IOException e)
        {
            throw Refused(display, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Refused(display, e.Message);
        }
    }

    private static ManifestException Refused(string folder, string problem) =>
        new(folder, null, null, $"state folder {problem}");
}
