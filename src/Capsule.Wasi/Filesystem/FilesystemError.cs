using ErrorCode = Capsule.Wasi.Generated.Wasi.Filesystem.Types.ErrorCode;

namespace Capsule.Wasi.Filesystem;

/// <summary>
/// A wasi:filesystem operation failed with a WIT <c>error-code</c>. This file is the one
/// place where host failures (exceptions, errno) become error codes, and where a failed
/// operation becomes the <c>err</c> of its WIT result.
/// </summary>
public sealed class FilesystemError(ErrorCode code, string detail) : Exception($"{WitCaseNames<ErrorCode>.Of(code)}: {detail}")
{
    /// <summary>The error code.</summary>
    public ErrorCode ErrorCode { get; } = code;

    /// <summary>The error-code case as the guest sees it, e.g. <c>no-entry</c>.</summary>
    public string Code => WitCaseNames<ErrorCode>.Of(ErrorCode);

    /// <summary>The one map from host failures to WIT error codes.</summary>
    public static FilesystemError From(Exception e) => e switch
    {
        FilesystemError already => already,
        FileSystemErrorException os => new FilesystemError(FromErrno(os.Errno), os.Message),
        UnauthorizedAccessException => new FilesystemError(ErrorCode.Access, e.Message),
        FileNotFoundException or DirectoryNotFoundException => new FilesystemError(ErrorCode.NoEntry, e.Message),
        IOException io => new FilesystemError(FromErrno(io.HResult & 0xffff), io.Message),
        _ => new FilesystemError(ErrorCode.Io, e.Message),
    };

    /// <summary>Linux errno → error-code.</summary>
    public static ErrorCode FromErrno(int errno) => errno switch
    {
        1 => ErrorCode.NotPermitted,         // EPERM
        2 => ErrorCode.NoEntry,              // ENOENT
        4 => ErrorCode.Interrupted,          // EINTR
        5 => ErrorCode.Io,                   // EIO
        6 => ErrorCode.NoSuchDevice,         // ENXIO
        9 => ErrorCode.BadDescriptor,        // EBADF
        11 => ErrorCode.WouldBlock,          // EAGAIN
        12 => ErrorCode.InsufficientMemory,  // ENOMEM
        13 => ErrorCode.Access,              // EACCES
        16 => ErrorCode.Busy,                // EBUSY
        17 => ErrorCode.Exist,               // EEXIST
        18 => ErrorCode.NotPermitted,        // EXDEV: RESOLVE_BENEATH refused a path leading out
        19 => ErrorCode.NoDevice,            // ENODEV
        20 => ErrorCode.NotDirectory,        // ENOTDIR
        21 => ErrorCode.IsDirectory,         // EISDIR
        22 => ErrorCode.Invalid,             // EINVAL
        26 => ErrorCode.TextFileBusy,        // ETXTBSY
        27 => ErrorCode.FileTooLarge,        // EFBIG
        28 => ErrorCode.InsufficientSpace,   // ENOSPC
        29 => ErrorCode.InvalidSeek,         // ESPIPE
        30 => ErrorCode.ReadOnly,            // EROFS
        31 => ErrorCode.TooManyLinks,        // EMLINK
        32 => ErrorCode.Pipe,                // EPIPE
        36 => ErrorCode.NameTooLong,         // ENAMETOOLONG
        39 => ErrorCode.NotEmpty,            // ENOTEMPTY
        40 => ErrorCode.Loop,                // ELOOP
        75 => ErrorCode.Overflow,            // EOVERFLOW
        84 => ErrorCode.IllegalByteSequence, // EILSEQ
        95 => ErrorCode.Unsupported,         // EOPNOTSUPP
        122 => ErrorCode.Quota,              // EDQUOT
        _ => ErrorCode.Io,
    };

    /// <summary>
    /// <c>result&lt;T, error-code&gt;</c>: the value of <paramref name="operation"/> on <paramref name="state"/>, or the
    /// code it failed with. Pass a static lambda and its inputs as <paramref name="state"/>: no allocation per call.
    /// Other exceptions propagate (a host bug or a bad handle traps).
    /// </summary>
    internal static Result<T, ErrorCode> Run<TState, T>(TState state, Func<TState, T> operation)
    {
        try
        {
            return Result<T, ErrorCode>.Ok(operation(state));
        }
        catch (FilesystemError e)
        {
            return Result<T, ErrorCode>.Err(e.ErrorCode);
        }
    }

    /// <summary><c>result&lt;_, error-code&gt;</c> of an operation without a value.</summary>
    internal static Result<Unit, ErrorCode> Run<TState>(TState state, Action<TState> operation)
    {
        try
        {
            operation(state);
            return Unit.Value;
        }
        catch (FilesystemError e)
        {
            return e.ErrorCode;
        }
    }

    /// <summary>write's result: its bytes are a span, which a lambda's state cannot hold.</summary>
    internal static Result<ulong, ErrorCode> Write(Descriptor descriptor, ReadOnlySpan<byte> bytes, ulong offset)
    {
        try
        {
            return descriptor.Write(bytes, offset);
        }
        catch (FilesystemError e)
        {
            return e.ErrorCode;
        }
    }
}
