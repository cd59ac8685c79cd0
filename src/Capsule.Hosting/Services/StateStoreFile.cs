using Capsule.Hosting.Services.Sqlite;
using Capsule.Runtime.Native;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Hosting.Services;

/// <summary>
/// A store's SQLite file in the app's state folder (<c>.capsule/key-value.db</c>, <c>.capsule/sqlite.db</c>),
/// checked at start-up without following links: the folder is opened beneath its parent (not a link, owned by
/// the user running capsule, made 0700), the file beneath the folder's handle (created 0600 if missing; not a
/// link, not hard-linked elsewhere, ours, made 0600), and SQLite's companions (<c>-wal</c>, <c>-shm</c>,
/// <c>-journal</c>) must not be links. SQLite then opens it by path: no other user can change a 0700 folder
/// that is ours, and SQLite makes its companions with the file's permissions.
/// </summary>
internal static class StateStoreFile
{
    private const uint FolderMode = 0x1c0; // 0700
    private const uint FileMode = 0x180; // 0600
    private const uint GroupAndOthers = 0x3f; // 0077

    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Checks <paramref name="fileName"/> in <paramref name="stateFolder"/> (the folder is made if missing), creating
    /// the file when <paramref name="create"/> (on first use; at start-up a missing file stays missing);
    /// throws <see cref="SqliteFileException"/> naming what is wrong.
    /// </summary>
    public static void Prepare(string stateFolder, string fileName, bool create)
    {
        var folder = Path.GetFullPath(stateFolder);
        var path = Path.Combine(folder, fileName);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            using var parent = BeneathFileSystem.OpenDirectory(Path.GetDirectoryName(folder)!);
            using var state = OpenFolder(parent, Path.GetFileName(folder), folder);
            using (var file = OpenFile(state, fileName, path, create))
            {
                if (file is null)
                {
                    return;
                }
                var status = BeneathFileSystem.Stat(file);
                if (!status.IsRegularFile)
                {
                    throw new SqliteFileException(path, "is not a regular file; capsule keeps this store in a file of its own here");
                }
                if (status.LinkCount > 1)
                {
                    throw new SqliteFileException(path, $"has {status.LinkCount} hard links; capsule does not share a store's file with another path (copy it instead)");
                }
                Own(file, status, path, FileMode);
            }
            foreach (var suffix in Companions)
            {
                CheckCompanion(state, fileName + suffix, path + suffix);
            }
        }
        catch (FileSystemErrorException e)
        {
            throw new SqliteFileException(path, $"cannot be opened ({e.Message})");
        }
    }

    private static SafeFileHandle OpenFolder(SafeFileHandle parent, string name, string display)
    {
        try
        {
            BeneathFileSystem.CreateDirectory(parent, name);
        }
        catch (FileSystemErrorException e) when (e.Errno == Errno.Exists)
        {
            // Already there: checked below.
        }
        SafeFileHandle folder;
        try
        {
            folder = BeneathFileSystem.OpenBeneath(parent, name, BeneathFileSystem.ReadOnly | BeneathFileSystem.MustBeDirectory | BeneathFileSystem.NoFollow);
        }
        catch (FileSystemErrorException e) when (e.Errno is Errno.Loop or Errno.NotDirectory)
        {
            throw new SqliteFileException(display, "the state folder is a symbolic link or a file; capsule keeps the app's state in a real folder and does not follow links (remove it)");
        }
        try
        {
            Own(folder, BeneathFileSystem.Stat(folder), display, FolderMode);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private static SafeFileHandle? OpenFile(SafeFileHandle folder, string name, string path, bool create)
    {
        try
        {
            return BeneathFileSystem.OpenBeneath(folder, name, BeneathFileSystem.ReadWrite | BeneathFileSystem.NoFollow | (create ? BeneathFileSystem.Create : 0), FileMode);
        }
        catch (FileSystemErrorException e) when (e.Errno == Errno.NoEntry && !create)
        {
            return null;
        }
        catch (FileSystemErrorException e) when (e.Errno == Errno.Loop)
        {
            throw new SqliteFileException(path, "is a symbolic link; capsule opens the stores in its state folder without following links (remove the link)");
        }
    }

    private static void CheckCompanion(SafeFileHandle folder, string name, string path)
    {
        SafeFileHandle entry;
        try
        {
            entry = BeneathFileSystem.OpenBeneath(folder, name, BeneathFileSystem.PathOnly | BeneathFileSystem.NoFollow);
        }
        catch (FileSystemErrorException e) when (e.Errno == Errno.NoEntry)
        {
            return;
        }
        using (entry)
        {
            var status = BeneathFileSystem.Stat(entry);
            if (!status.IsRegularFile || status.LinkCount > 1)
            {
                throw new SqliteFileException(path, "is a link or not a regular file; capsule does not follow links in its state folder (remove it)");
            }
        }
    }

    // Ours, and closed to group and others.
    private static void Own(SafeFileHandle handle, FileStatus status, string display, uint mode)
    {
        var me = BeneathFileSystem.EffectiveUserId();
        if (status.UserId != me)
        {
            throw new SqliteFileException(display, $"is owned by user {status.UserId}, not by the user running capsule ({me})");
        }
        if ((status.Mode & GroupAndOthers) != 0)
        {
            BeneathFileSystem.ChangeMode(handle, mode);
        }
    }
}
