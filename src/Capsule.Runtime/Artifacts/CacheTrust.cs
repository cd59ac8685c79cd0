using Capsule.Runtime.Native;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// Whether a cache folder or entry may be trusted, by ssh's rule for its
/// keys: it must be a real folder or file (not a symbolic link), owned by the
/// user running Capsule, and writable by nobody else. An entry is native code
/// that Capsule maps executable, so anyone who could write it could run code
/// as this user; the payload hash only catches accidents, not forgers.
/// </summary>
public static class CacheTrust
{
    private const uint GroupOrOtherWrite = 0x12; // 0o022

    /// <summary>
    /// Null when <paramref name="path"/> does not exist or may be trusted;
    /// otherwise why not, as a phrase ("is writable by group or others (mode 0777)").
    /// </summary>
    /// <remarks>
    /// Not a trust question: a file where a folder belongs (or the reverse)
    /// only makes the cache unwritable, and is reported as such when used.
    /// </remarks>
    public static string? Problem(string path)
    {
        FileStatus? found;
        try
        {
            found = BeneathFileSystem.StatNoFollow(path);
        }
        catch (FileSystemErrorException e)
        {
            return $"cannot be checked ({e.Message})";
        }
        if (found is not { } status)
        {
            return null;
        }
        if (status.IsSymbolicLink)
        {
            return "is a symbolic link";
        }
        var self = BeneathFileSystem.EffectiveUserId();
        if (status.UserId != self)
        {
            return $"is owned by uid {status.UserId}, not by this user (uid {self})";
        }
        if ((status.Mode & GroupOrOtherWrite) != 0)
        {
            return $"is writable by group or others (mode {Convert.ToString(status.Mode & 0xFFF, 8).PadLeft(4, '0')})";
        }
        return null;
    }

    /// <summary>Creates a folder (and missing parents) readable and writable by this user only (0700).</summary>
    public static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Creates a new file readable and writable by this user only (0600).</summary>
    public static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }
}
