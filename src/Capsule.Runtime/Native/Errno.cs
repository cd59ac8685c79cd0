namespace Capsule.Runtime.Native;

/// <summary>Linux errno values that callers of <see cref="BeneathFileSystem"/> tell apart (x86_64 and aarch64).</summary>
public static class Errno
{
    /// <summary>ENOENT: no such file or folder.</summary>
    public const int NoEntry = 2;

    /// <summary>EACCES: permission denied.</summary>
    public const int PermissionDenied = 13;

    /// <summary>EEXIST: it already exists.</summary>
    public const int Exists = 17;

    /// <summary>EXDEV: openat2 with RESOLVE_BENEATH refused a path that leads outside.</summary>
    public const int CrossDevice = 18;

    /// <summary>ENOTDIR: a path component is not a folder.</summary>
    public const int NotDirectory = 20;

    /// <summary>EISDIR: it is a folder.</summary>
    public const int IsDirectory = 21;

    /// <summary>ELOOP: a symbolic link where none may be followed, or too many.</summary>
    public const int Loop = 40;
}
