namespace Capsule.Wasi.Io;

/// <summary>wasi:io/error error: a host error the guest can only print.</summary>
/// <param name="DebugString">What to-debug-string returns.</param>
public sealed record IoError(string DebugString);

/// <summary>wasi:io/streams stream-error: the stream is closed, or the last operation failed.</summary>
public sealed class StreamException : Exception
{
    private StreamException(string message, IoError? failure)
        : base(message) => Failure = failure;

    /// <summary>Null when the stream is closed; the error when an operation failed.</summary>
    public IoError? Failure { get; }

    /// <summary>The stream has ended (reads) or can take no more (writes).</summary>
    public static StreamException Closed() => new("stream closed", null);

    /// <summary>The last operation failed; the stream cannot be used again.</summary>
    public static StreamException Failed(string reason) => new(reason, new IoError(reason));
}
