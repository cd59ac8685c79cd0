using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Runtime.Native;

/// <summary>A new access or modification time: an instant to the nanosecond, now, or unchanged.</summary>
/// <param name="Seconds">Seconds since the Unix epoch.</param>
/// <param name="Nanoseconds">Nanoseconds within the second, or one of utimensat's markers.</param>
public readonly record struct NewFileTime(long Seconds, long Nanoseconds)
{
    /// <summary>UTIME_NOW: the current time.</summary>
    public static NewFileTime Now { get; } = new(0, (1L << 30) - 1);

    /// <summary>UTIME_OMIT: leave this time as it is.</summary>
    public static NewFileTime Unchanged { get; } = new(0, (1L << 30) - 2);
}

public static unsafe partial class BeneathFileSystem
{
    private const int AtEmptyPath = 0x1000;

    /// <summary>Sets the times of the object <paramref name="handle"/> refers to (an O_PATH handle works, a symlink's too).</summary>
    public static void SetTimes(SafeFileHandle handle, NewFileTime access, NewFileTime modify)
    {
        var times = stackalloc long[4] { access.Seconds, access.Nanoseconds, modify.Seconds, modify.Nanoseconds };
        // utimensat(fd, "", AT_EMPTY_PATH) works on any handle; glibc refuses a NULL path.
        Check(utimensat(Fd(handle), "", times, AtEmptyPath), "set times", "", handle);
    }

    /// <summary>Sets the times of entry <paramref name="name"/> of <paramref name="parent"/> itself: a symlink is not followed.</summary>
    public static void SetTimesNoFollow(SafeFileHandle parent, string name, NewFileTime access, NewFileTime modify)
    {
        var times = stackalloc long[4] { access.Seconds, access.Nanoseconds, modify.Seconds, modify.Nanoseconds };
        Check(utimensat(Fd(parent), SingleComponent(name), times, AtSymlinkNoFollow), "set times", name, parent);
    }

    /// <summary>
    /// lstat of entry <paramref name="name"/> of <paramref name="parent"/>: a
    /// symbolic link is described itself, never followed.
    /// </summary>
    public static FileStatus StatNoFollow(SafeFileHandle parent, string name)
    {
        var buffer = stackalloc byte[256];
        var result = fstatat(Fd(parent), SingleComponent(name), buffer, AtSymlinkNoFollow);
        GC.KeepAlive(parent);
        return result < 0 ? throw Error("stat", name) : FromStatBuffer(buffer);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, long* times, int flags);
}
