using System.Buffers;
using ErrorResource = Capsule.Wasi.Generated.Wasi.Io.Error.Error;
using StreamError = Capsule.Wasi.Generated.Wasi.Io.Streams.StreamError;

namespace Capsule.Wasi.Io;

/// <summary>
/// The one place a <see cref="StreamException"/> becomes a wasi:io stream-error: runs a stream
/// operation and returns its value, or closed, or last-operation-failed with the failure as a new
/// error handle in <c>table</c>. Other exceptions propagate (the call traps). Operations are static
/// lambdas handed their arguments, so a call allocates nothing.
/// </summary>
internal static class StreamErrors
{
    /// <summary>stream-error::closed: it has no payload, so one instance serves every call.</summary>
    public static readonly StreamError Closed = new StreamError.Closed();

    /// <summary>The value of <paramref name="operation"/>(<paramref name="arg"/>), or its stream error.</summary>
    public static Result<T, StreamError> Run<TArg, T>(ResourceTable table, TArg arg, Func<TArg, T> operation)
    {
        try
        {
            return Result<T, StreamError>.Ok(operation(arg));
        }
        catch (StreamException e)
        {
            return Result<T, StreamError>.Err(ToError(table, e));
        }
    }

    /// <summary>Runs <paramref name="operation"/>(<paramref name="arg"/>), which has no value: ok, or its stream error.</summary>
    public static Result<Unit, StreamError> Run<TArg>(ResourceTable table, TArg arg, Action<TArg> operation)
    {
        try
        {
            operation(arg);
            return Result<Unit, StreamError>.Ok(Unit.Value);
        }
        catch (StreamException e)
        {
            return Result<Unit, StreamError>.Err(ToError(table, e));
        }
    }

    /// <summary>Runs a write of <paramref name="bytes"/> (a span: it cannot sit in <paramref name="arg"/>): ok, or its stream error.</summary>
    public static Result<Unit, StreamError> Run<TArg>(ResourceTable table, ReadOnlySpan<byte> bytes, TArg arg, ReadOnlySpanAction<byte, TArg> operation)
    {
        try
        {
            operation(bytes, arg);
            return Result<Unit, StreamError>.Ok(Unit.Value);
        }
        catch (StreamException e)
        {
            return Result<Unit, StreamError>.Err(ToError(table, e));
        }
    }

    private static StreamError ToError(ResourceTable table, StreamException e) =>
        e.Failure is { } failure
            ? new StreamError.LastOperationFailed(new Resource<ErrorResource>(table.Add(failure)))
            : Closed;
}
