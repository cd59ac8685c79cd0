using Capsule.Runtime.Native;

namespace Capsule.Wasi.Filesystem;

/// <summary>A wasi:filesystem operation failed with a WIT <c>error-code</c> (its case name).</summary>
public sealed class FilesystemError(string code, string detail) : Exception($"{code}: {detail}")
{
    /// <summary>The error-code case, e.g. <c>no-entry</c>.</summary>
    public string Code { get; } = code;

    /// <summary>The one map from host failures to WIT error codes.</summary>
    public static FilesystemError From(Exception e) => e switch
    {
        FilesystemError already => already,
        FileSystemErrorException os => new FilesystemError(FromErrno(os.Errno), os.Message),
        UnauthorizedAccessException => new FilesystemError("access", e.Message),
        FileNotFoundException or DirectoryNotFoundException => new FilesystemError("no-entry", e.Message),
        IOException io => new FilesystemError(FromErrno(io.HResult & 0xffff), io.Message),
        _ => new FilesystemError("io", e.Message),
    };

    /// <summary>Linux errno → error-code.</summary>
    public static string FromErrno(int errno) => errno switch
    {
        1 => "not-permitted",        // EPERM
        2 => "no-entry",             // ENOENT
        4 => "interrupted",          // EINTR
        5 => "io",                   // EIO
        6 => "no-such-device",       // ENXIO
        9 => "bad-descriptor",       // EBADF
        11 => "would-block",         // EAGAIN
        12 => "insufficient-memory", // ENOMEM
        13 => "access",              // EACCES
        16 => "busy",                // EBUSY
        17 => "exist",               // EEXIST
        18 => "not-permitted",       // EXDEV: RESOLVE_BENEATH refused a path leading out
        19 => "no-device",           // ENODEV
        20 => "not-directory",       // ENOTDIR
        21 => "is-directory",        // EISDIR
        22 => "invalid",             // EINVAL
        26 => "text-file-busy",      // ETXTBSY
        27 => "file-too-large",      // EFBIG
        28 => "insufficient-space",  // ENOSPC
        29 => "invalid-seek",        // ESPIPE
        30 => "read-only",           // EROFS
        31 => "too-many-links",      // EMLINK
        32 => "pipe",                // EPIPE
        36 => "name-too-long",       // ENAMETOOLONG
        39 => "not-empty",           // ENOTEMPTY
        40 => "loop",                // ELOOP
        75 => "overflow",            // EOVERFLOW
        84 => "illegal-byte-sequence", // EILSEQ
        95 => "unsupported",         // EOPNOTSUPP
        122 => "quota",              // EDQUOT
        _ => "io",
    };
}
