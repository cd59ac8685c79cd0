using System.Buffers;
using System.IO.Pipelines;

namespace Capsule.Hosting.Wagi;

/// <summary>
/// A WAGI module's stdout as it writes it: the CGI header block is gathered (at most
/// <see cref="CgiHeaderParser.MostHeaderBytes"/>) and parsed once its empty line arrives
/// (<see cref="Head"/>); what follows streams through <see cref="Body"/>, the guest waiting
/// while the client is slower (a bounded pipe). Written on the guest's thread only.
/// </summary>
internal sealed class CgiOutput(CancellationToken aborted)
{
    private readonly MemoryStream _head = new();
    private readonly TaskCompletionSource<CgiHead> _parsed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Pipe _body = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private bool _discarding;

    /// <summary>The parsed header block; faults with <see cref="CgiHeaderException"/> when it is malformed or never ends.</summary>
    public Task<CgiHead> Head => _parsed.Task;

    /// <summary>The body bytes after the header block, as the guest writes them.</summary>
    public PipeReader Body => _body.Reader;

    /// <summary>Takes one stdout write of the guest.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_discarding)
        {
            return;
        }
        if (!_parsed.Task.IsCompleted)
        {
            var seen = (int)_head.Length;
            _head.Write(data);
            // Look again from a little before the new bytes: "\n\r\n" may straddle two writes.
            var from = Math.Max(0, seen - 2);
            var buffer = _head.GetBuffer().AsSpan(0, (int)_head.Length);
            var end = CgiHeaderParser.EndOfHead(buffer[from..]);
            if (end < 0)
            {
                if (_head.Length > CgiHeaderParser.MostHeaderBytes)
                {
                    Fail($"no empty line ending the CGI header block within its first {CgiHeaderParser.MostHeaderBytes / 1024} KiB");
                }
                return;
            }
            end += from;
            try
            {
                _parsed.SetResult(CgiHeaderParser.Parse(buffer[..end]));
            }
            catch (CgiHeaderException e)
            {
                Fail(e.Message);
                return;
            }
            data = buffer[end..].ToArray();
        }
        WriteBody(data);
    }

    /// <summary>The guest is done writing (returned, exited or stopped).</summary>
    public void Complete()
    {
        if (!_parsed.Task.IsCompleted)
        {
            Fail(_head.Length == 0 ? "the module wrote nothing to stdout (a WAGI module answers with a CGI response)" : "stdout ended before the empty line ending the CGI header block");
        }
        _body.Writer.Complete();
    }

    private void WriteBody(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        _body.Writer.Write(data);
        try
        {
            // Backpressure: the guest waits while the client is slower (the run's deadline still ends it).
            if (_body.Writer.FlushAsync(aborted).AsTask().GetAwaiter().GetResult().IsCompleted)
            {
                _discarding = true;
            }
        }
        catch (OperationCanceledException)
        {
            _discarding = true;
        }
    }

    private void Fail(string reason)
    {
        _discarding = true;
        _parsed.TrySetException(new CgiHeaderException(reason));
    }
}
