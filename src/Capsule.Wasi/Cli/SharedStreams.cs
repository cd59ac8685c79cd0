using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

// get-stdout may be called many times; each handle the guest drops must
// not close the one stream the instance owns, so handles wrap it.

/// <summary>A handle's view of the instance's stdout or stderr: dropping it leaves the stream open.</summary>
internal sealed class SharedOutput(OutputStream inner) : OutputStream
{
    public override ulong CheckWrite() => inner.CheckWrite();

    public override void Write(ReadOnlySpan<byte> contents) => inner.Write(contents);

    public override void Flush() => inner.Flush();

    public override void BlockingFlush(RunDeadline deadline) => inner.BlockingFlush(deadline);

    public override Pollable Subscribe() => inner.Subscribe();
}

/// <summary>A handle's view of the instance's stdin: dropping it leaves the stream open.</summary>
internal sealed class SharedInput(InputStream inner) : InputStream
{
    public override byte[] Read(ulong length) => inner.Read(length);

    public override byte[] BlockingRead(ulong length, RunDeadline deadline) => inner.BlockingRead(length, deadline);

    public override Pollable Subscribe() => inner.Subscribe();
}
