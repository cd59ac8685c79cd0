using System.Runtime.InteropServices;

namespace Capsule.Shim.Native;

/// <summary>The few Linux calls .NET has no API for: mounts, a new session, and file descriptors moved onto stdio.</summary>
internal static partial class Libc
{
    /// <summary>mount(2) flag: read-only.</summary>
    public const ulong MsRdonly = 1;

    /// <summary>mount(2) flag: ignore set-user-id bits.</summary>
    public const ulong MsNosuid = 2;

    /// <summary>mount(2) flag: no device files.</summary>
    public const ulong MsNodev = 4;

    /// <summary>mount(2) flag: no execution.</summary>
    public const ulong MsNoexec = 8;

    /// <summary>mount(2) flag: a bind mount.</summary>
    public const ulong MsBind = 4096;

    /// <summary>mount(2) flag: recursive (with <see cref="MsBind"/>).</summary>
    public const ulong MsRec = 16384;

    /// <summary>umount2(2) flag: detach now, release when no longer busy.</summary>
    public const int MntDetach = 2;

    /// <summary>open(2) flag: read and write (a fifo opened so never blocks waiting for the other end).</summary>
    public const int ORdwr = 2;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unmount(string target, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    /// <summary>The text of the last call's errno.</summary>
    public static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    /// <summary>Opens <paramref name="path"/> (a fifo or file) and puts it on <paramref name="target"/> (1 stdout, 2 stderr).</summary>
    public static void Redirect(string path, int target)
    {
        var fd = Open(path, ORdwr);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {LastError()}");
        }
        if (Dup2(fd, target) < 0)
        {
            var error = LastError();
            Close(fd);
            throw new IOException($"cannot redirect to {path}: {error}");
        }
        Close(fd);
    }
}
