using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Runtime.Native;

/// <summary>File status, as fstat reports it.</summary>
/// <param name="Mode">st_mode: file type and permission bits.</param>
/// <param name="LinkCount">st_nlink.</param>
/// <param name="Size">st_size.</param>
/// <param name="Device">st_dev.</param>
/// <param name="Inode">st_ino.</param>
/// <param name="AccessTime">st_atim as (seconds, nanoseconds).</param>
/// <param name="ModifyTime">st_mtim.</param>
/// <param name="ChangeTime">st_ctim.</param>
/// <param name="UserId">st_uid: the owner.</param>
public readonly record struct FileStatus(
    uint Mode, ulong LinkCount, long Size, ulong Device, ulong Inode,
    (long Seconds, long Nanoseconds) AccessTime, (long Seconds, long Nanoseconds) ModifyTime, (long Seconds, long Nanoseconds) ChangeTime,
    uint UserId)
{
    private const uint TypeMask = 0xF000;

    /// <summary>S_IFLNK: a symbolic link (only an lstat sees one).</summary>
    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>S_IFDIR: a folder.</summary>
    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    /// <summary>S_IFREG: a regular file.</summary>
    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;
}

/// <summary>
/// Path operations that cannot leave a folder (decision 7): every path is
/// resolved by Linux's openat2 with RESOLVE_BENEATH relative to an open
/// directory, so no "..", absolute path or symlink — however it is raced —
/// reaches outside. Failures throw <see cref="FileSystemErrorException"/> with the errno.
/// </summary>
public static unsafe partial class BeneathFileSystem
{
    // open(2) flags (x86_64 and aarch64 Linux).
    /// <summary>O_RDONLY</summary>
    public const int ReadOnly = 0;
    /// <summary>O_WRONLY</summary>
    public const int WriteOnly = 1;
    /// <summary>O_RDWR</summary>
    public const int ReadWrite = 2;
    /// <summary>O_CREAT</summary>
    public const int Create = 0x40;
    /// <summary>O_EXCL</summary>
    public const int Exclusive = 0x80;
    /// <summary>O_TRUNC</summary>
    public const int Truncate = 0x200;
    /// <summary>O_APPEND</summary>
    public const int Append = 0x400;
    /// <summary>O_DIRECTORY</summary>
    public const int MustBeDirectory = 0x10000;
    /// <summary>O_NOFOLLOW</summary>
    public const int NoFollow = 0x20000;
    /// <summary>O_PATH: a handle for stat and as a directory anchor, no I/O.</summary>
    public const int PathOnly = 0x200000;
    private const int CloseOnExec = 0x80000;

    private const ulong ResolveBeneath = 0x08;
    private const ulong ResolveNoMagicLinks = 0x02;
    private const long SysOpenat2 = 437;
    private const int AtRemoveDir = 0x200;
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>Opens <paramref name="path"/> beneath <paramref name="directory"/> with open(2) <paramref name="flags"/>.</summary>
    public static SafeFileHandle OpenBeneath(SafeFileHandle directory, string path, int flags, uint mode = 0x1a4 /* 0644 */)
    {
        var how = new OpenHow
        {
            Flags = (ulong)(uint)(flags | CloseOnExec),
            Mode = (flags & Create) != 0 ? mode : 0,
            Resolve = ResolveBeneath | ResolveNoMagicLinks,
        };
        var fd = (int)syscall(SysOpenat2, Fd(directory), path, &how, (nuint)sizeof(OpenHow));
        GC.KeepAlive(directory);
        return fd < 0 ? throw Error("open", path) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Opens a host folder to serve as a mount's root.</summary>
    public static SafeFileHandle OpenDirectory(string hostPath)
    {
        var fd = open(hostPath, ReadOnly | MustBeDirectory | CloseOnExec, 0);
        return fd < 0 ? throw Error("open", hostPath) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>fstat of an open handle.</summary>
    public static FileStatus Stat(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[256];
        if (fstat(Fd(handle), buffer) < 0)
        {
            throw Error("stat", "");
        }
        GC.KeepAlive(handle);
        return FromStatBuffer(buffer);
    }

    /// <summary>
    /// lstat of <paramref name="path"/>: a symbolic link is described itself,
    /// never followed. Null when nothing is there (ENOENT, ENOTDIR).
    /// </summary>
    public static FileStatus? StatNoFollow(string path)
    {
        var buffer = stackalloc byte[256];
        if (fstatat(AtCurrentDirectory, path, buffer, AtSymlinkNoFollow) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.NoEntry or Errno.NotDirectory ? null : throw new FileSystemErrorException(errno, $"stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return FromStatBuffer(buffer);
    }

    /// <summary>The process's effective user id (geteuid), to compare with <see cref="FileStatus.UserId"/>.</summary>
    public static uint EffectiveUserId() => geteuid();

    /// <summary>Creates directory <paramref name="name"/> in <paramref name="parent"/> (a single path component).</summary>
    public static void CreateDirectory(SafeFileHandle parent, string name) =>
        Check(mkdirat(Fd(parent), SingleComponent(name), 0x1ed /* 0755 */), "mkdir", name, parent);

    /// <summary>Removes file <paramref name="name"/> (or empty directory when <paramref name="directory"/>) from <paramref name="parent"/>.</summary>
    public static void Remove(SafeFileHandle parent, string name, bool directory) =>
        Check(unlinkat(Fd(parent), SingleComponent(name), directory ? AtRemoveDir : 0), "remove", name, parent);

    /// <summary>Renames <paramref name="fromName"/> in one folder to <paramref name="toName"/> in another.</summary>
    public static void Rename(SafeFileHandle fromParent, string fromName, SafeFileHandle toParent, string toName)
    {
        Check(renameat(Fd(fromParent), SingleComponent(fromName, trailingSlashes: true), Fd(toParent), SingleComponent(toName, trailingSlashes: true)), "rename", fromName, fromParent);
        GC.KeepAlive(toParent);
    }

    /// <summary>Creates a symlink <paramref name="name"/> in <paramref name="parent"/> whose text is <paramref name="target"/>.</summary>
    public static void Symlink(string target, SafeFileHandle parent, string name) =>
        Check(symlinkat(target, Fd(parent), SingleComponent(name)), "symlink", name, parent);

    /// <summary>Creates a hard link to <paramref name="fromName"/> (in its folder) named <paramref name="toName"/>.</summary>
    public static void Link(SafeFileHandle fromParent, string fromName, SafeFileHandle toParent, string toName)
    {
        Check(linkat(Fd(fromParent), SingleComponent(fromName), Fd(toParent), SingleComponent(toName), 0), "link", fromName, fromParent);
        GC.KeepAlive(toParent);
    }

    /// <summary>The text of symlink <paramref name="name"/> in <paramref name="parent"/>.</summary>
    public static string ReadLink(SafeFileHandle parent, string name)
    {
        var buffer = new byte[4096];
        fixed (byte* p = buffer)
        {
            var length = readlinkat(Fd(parent), SingleComponent(name), p, (nuint)buffer.Length);
            GC.KeepAlive(parent);
            return length < 0 ? throw Error("readlink", name) : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
        }
    }

    // The path of an open handle, for .NET APIs that take paths (directory
    // listing). It names the already-resolved object, so it cannot escape.
    /// <summary>A path that reopens <paramref name="handle"/> (via /proc/self/fd).</summary>
    public static string ProcPath(SafeFileHandle handle) => $"/proc/self/fd/{Fd(handle)}";

    // One entry of a folder: a name, or "." (the folder itself), never ".." or
    // a path, so a *at call on it cannot leave the folder. Trailing slashes are
    // allowed only where the kernel then requires a folder without following a
    // link (rename, whose both names are looked up as entries of their folders).
    private static string SingleComponent(string name, bool trailingSlashes = false)
    {
        var bare = trailingSlashes ? name.TrimEnd('/') : name;
        return bare.Length == 0 || bare.Contains('/') || bare == ".."
            ? throw new FileSystemErrorException(22 /* EINVAL */, $"'{name}' is not a single path component")
            : name;
    }

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static void Check(int result, string action, string path, SafeFileHandle keepAlive)
    {
        GC.KeepAlive(keepAlive);
        if (result < 0)
        {
            throw Error(action, path);
        }
    }

    private static FileSystemErrorException Error(string action, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new FileSystemErrorException(errno, $"{action} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    // struct stat on x86_64 Linux (144 bytes).
    private static FileStatus FromStatBuffer(byte* b) => new(
        Mode: *(uint*)(b + 24),
        LinkCount: *(ulong*)(b + 16),
        Size: *(long*)(b + 48),
        Device: *(ulong*)b,
        Inode: *(ulong*)(b + 8),
        AccessTime: (*(long*)(b + 72), *(long*)(b + 80)),
        ModifyTime: (*(long*)(b + 88), *(long*)(b + 96)),
        ChangeTime: (*(long*)(b + 104), *(long*)(b + 112)),
        UserId: *(uint*)(b + 28));

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long syscall(long number, int dirfd, string path, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fstat(int fd, byte* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fstatat(int dirfd, string path, byte* buffer, int flags);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat(int fromDir, string fromPath, int toDir, string toPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int symlinkat(string target, int dirfd, string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(int fromDir, string fromPath, int toDir, string toPath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlinkat(int dirfd, string path, byte* buffer, nuint size);

}

/// <summary>A file-system call failed; <see cref="Errno"/> is the Linux errno.</summary>
public sealed class FileSystemErrorException(int errno, string message) : Exception(message)
{
    /// <summary>The errno value.</summary>
    public int Errno { get; } = errno;
}
