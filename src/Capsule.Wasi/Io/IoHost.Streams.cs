using InputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.InputStream;
using OutputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.OutputStream;
using PollableResource = Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable;
using StreamError = Capsule.Wasi.Generated.Wasi.Io.Streams.StreamError;

namespace Capsule.Wasi.Io;

/// <summary>wasi:io/streams: input-stream and output-stream, their failures mapped by <see cref="StreamErrors"/>.</summary>
internal sealed partial class IoHost
{
    /// <inheritdoc/>
    public Result<byte[], StreamError> Read(Borrow<InputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Input(self), len), static a => a.stream.Read(a.len));

    /// <inheritdoc/>
    public Result<byte[], StreamError> BlockingRead(Borrow<InputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Input(self), len, deadline: state.Deadline), static a => a.stream.BlockingRead(a.len, a.deadline));

    /// <inheritdoc/>
    public Result<ulong, StreamError> Skip(Borrow<InputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Input(self), len), static a => a.stream.Skip(a.len));

    /// <inheritdoc/>
    public Result<ulong, StreamError> BlockingSkip(Borrow<InputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Input(self), len, deadline: state.Deadline), static a =>
        {
            a.stream.Subscribe().Block(a.deadline);
            return a.stream.Skip(a.len);
        });

    /// <inheritdoc/>
    public Resource<PollableResource> Subscribe(Borrow<InputStreamResource> self) => Own(Input(self).Subscribe());

    /// <inheritdoc/>
    public void Drop(Resource<InputStreamResource> self) => state.Table.Delete(self.Handle);

    /// <inheritdoc/>
    public Result<ulong, StreamError> CheckWrite(Borrow<OutputStreamResource> self) =>
        StreamErrors.Run(state.Table, Output(self), static stream => stream.CheckWrite());

    /// <inheritdoc/>
    public Result<Unit, StreamError> Write(Borrow<OutputStreamResource> self, ReadOnlySpan<byte> contents) =>
        StreamErrors.Run(state.Table, contents, Output(self), static (bytes, stream) => stream.Write(bytes));

    /// <inheritdoc/>
    public Result<Unit, StreamError> BlockingWriteAndFlush(Borrow<OutputStreamResource> self, ReadOnlySpan<byte> contents) =>
        StreamErrors.Run(state.Table, contents, (stream: Output(self), deadline: state.Deadline), static (bytes, a) => a.stream.BlockingWriteAndFlush(bytes, a.deadline));

    /// <inheritdoc/>
    public Result<Unit, StreamError> Flush(Borrow<OutputStreamResource> self) =>
        StreamErrors.Run(state.Table, Output(self), static stream => stream.Flush());

    /// <inheritdoc/>
    public Result<Unit, StreamError> BlockingFlush(Borrow<OutputStreamResource> self) =>
        StreamErrors.Run(state.Table, (stream: Output(self), deadline: state.Deadline), static a => a.stream.BlockingFlush(a.deadline));

    /// <inheritdoc/>
    public Resource<PollableResource> Subscribe(Borrow<OutputStreamResource> self) => Own(Output(self).Subscribe());

    /// <inheritdoc/>
    public Result<Unit, StreamError> WriteZeroes(Borrow<OutputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Output(self), len), static a => a.stream.WriteZeroes(a.len));

    /// <inheritdoc/>
    public Result<Unit, StreamError> BlockingWriteZeroesAndFlush(Borrow<OutputStreamResource> self, ulong len) =>
        StreamErrors.Run(state.Table, (stream: Output(self), len, deadline: state.Deadline), static a =>
        {
            a.stream.WriteZeroes(a.len);
            a.stream.BlockingFlush(a.deadline);
        });

    /// <inheritdoc/>
    public Result<ulong, StreamError> Splice(Borrow<OutputStreamResource> self, Borrow<InputStreamResource> src, ulong len) =>
        StreamErrors.Run(state.Table, (output: Output(self), input: Input(src), len), static a => Splice(a.output, a.input, a.len, null));

    /// <inheritdoc/>
    public Result<ulong, StreamError> BlockingSplice(Borrow<OutputStreamResource> self, Borrow<InputStreamResource> src, ulong len) =>
        StreamErrors.Run(state.Table, (output: Output(self), input: Input(src), len, deadline: state.Deadline), static a => Splice(a.output, a.input, a.len, a.deadline));

    /// <inheritdoc/>
    public void Drop(Resource<OutputStreamResource> self) => state.Table.Delete(self.Handle);

    private InputStream Input(Borrow<InputStreamResource> handle) => state.Table.Get<InputStream>(handle.Handle);

    private OutputStream Output(Borrow<OutputStreamResource> handle) => state.Table.Get<OutputStream>(handle.Handle);

    // Blocking when given the run's deadline, which bounds the wait.
    private static ulong Splice(OutputStream output, InputStream input, ulong length, RunDeadline? blockingUntil)
    {
        var allowed = Math.Min(length, output.CheckWrite());
        var bytes = blockingUntil is not null ? input.BlockingRead(allowed, blockingUntil) : input.Read(allowed);
        output.Write(bytes);
        return (ulong)bytes.Length;
    }
}
