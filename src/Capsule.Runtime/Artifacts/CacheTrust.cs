using System.Runtime.InteropServices;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// Whether a cache folder or entry may be trusted, by ssh's rule for its
/// keys: it must be a real folder or file (not a symbolic link), owned by the
/// user running Capsule, and writable by nobody else. An entry is native code
/// that Capsule maps executable, so anyone who could write it could run code
/// as this user; the payload hash only catches accidents, not forgers.
/// </summary>
internal static unsafe partial class CacheTrust
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;
    private const uint TypeMask = 0xF000;
    private const uint TypeSymlink = 0xA000;
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
        // struct statx is 256 bytes on every Linux architecture; the fields
        // read here sit at fixed offsets (uid at 20, mode at 28).
        var buffer = stackalloc byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeUid, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is NoSuchFile or NotADirectory ? null : $"cannot be checked ({Marshal.GetPInvokeErrorMessage(errno)})";
        }
        var uid = *(uint*)(buffer + 20);
        uint mode = *(ushort*)(buffer + 28);
        if ((mode & TypeMask) == TypeSymlink)
        {
            return "is a symbolic link";
        }
        var self = geteuid();
        if (uid != self)
        {
            return $"is owned by uid {uid}, not by this user (uid {self})";
        }
        if ((mode & GroupOrOtherWrite) != 0)
        {
            return $"is writable by group or others (mode {Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0')})";
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

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
