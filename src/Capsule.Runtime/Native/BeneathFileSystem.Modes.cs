using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Runtime.Native;

/// <summary>Permission changes on open handles (never by path, so no link is followed).</summary>
public static partial class BeneathFileSystem
{
    /// <summary>Sets the permission bits of the file or folder <paramref name="handle"/> refers to (fchmod).</summary>
    public static void ChangeMode(SafeFileHandle handle, uint mode)
    {
        var result = fchmod(Fd(handle), mode);
        GC.KeepAlive(handle);
        if (result < 0)
        {
            throw Error("chmod", "");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fchmod(int fd, uint mode);
}
