using System.IO.Pipelines;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Http;

/// <summary>incoming-request: what the host received, handed to the guest's handler.</summary>
public sealed class IncomingRequest(string method, string? pathWithQuery, string? scheme, string? authority, Fields headers, IncomingBody body)
{
    /// <summary>The method as on the wire (GET, POST, …).</summary>
    public string Method { get; } = method;

    /// <summary>Path and query.</summary>
    public string? PathWithQuery { get; } = pathWithQuery;

    /// <summary>http or https (or another scheme).</summary>
    public string? Scheme { get; } = scheme;

    /// <summary>Host[:port].</summary>
    public string? Authority { get; } = authority;

    /// <summary>The request headers, immutable.</summary>
    public Fields Headers { get; } = headers.AsImmutable();

    private IncomingBody? _body = body;

    /// <summary>consume: the body, once.</summary>
    public IncomingBody Consume() => Interlocked.Exchange(ref _body, null) ?? throw new InvalidOperationException("the body was already consumed");
}

/// <summary>incoming-body: a body arriving from the network, read as a stream once.</summary>
public sealed class IncomingBody(Stream source) : IDisposable
{
    private Stream? _source = source;

    /// <summary>stream: the body's bytes, once.</summary>
    public InputStream Stream() => new AsyncStreamInput(Interlocked.Exchange(ref _source, null) ?? throw new InvalidOperationException("the body stream was already taken"));

    /// <summary>finish: the trailers (Capsule forwards none yet).</summary>
    public FutureTrailers Finish() => new(null);

    /// <summary>Releases the body if it was never read.</summary>
    public void Dispose() => _source?.Dispose();
}

/// <summary>future-trailers: ready at once; trailers are not forwarded yet, so it yields none.</summary>
public sealed class FutureTrailers(Fields? trailers)
{
    private bool _taken;

    /// <summary>The trailers, or null; throws if taken twice, as the spec traps.</summary>
    public Fields? Take()
    {
        if (_taken)
        {
            throw new InvalidOperationException("future-trailers.get called after its value was taken");
        }
        _taken = true;
        return trailers;
    }

    /// <summary>Whether get was already called successfully.</summary>
    public bool Taken => _taken;
}

/// <summary>outgoing-body: a body the guest writes, read by the host through a pipe.</summary>
public sealed class OutgoingBody(PipeWriter writer) : IDisposable
{
    private PipeOutput? _stream;
    private bool _streamTaken;

    /// <summary>write: the body's stream, once.</summary>
    public OutputStream Write()
    {
        if (_streamTaken)
        {
            throw new InvalidOperationException("the body stream was already taken");
        }
        _streamTaken = true;
        return _stream = new PipeOutput(writer);
    }

    /// <summary>Set when the guest called finish: the body is whole.</summary>
    public bool Finished { get; private set; }

    /// <summary>finish: the body is complete.</summary>
    public void Finish()
    {
        Finished = true;
        (_stream ?? new PipeOutput(writer)).Complete();
    }

    /// <summary>Dropped without finish: the body is incomplete, which the reader sees as an error.</summary>
    public void Dispose()
    {
        if (!Finished)
        {
            (_stream ?? new PipeOutput(writer)).Complete(new IOException("the guest dropped the body without finishing it"));
        }
    }
}

/// <summary>outgoing-response: built by the guest, sent by the host.</summary>
public sealed class OutgoingResponse(Fields headers)
{
    // The host's reader runs inline on the guest's thread as the guest flushes:
    // a small body goes out to the client without a thread switch.
    private readonly Pipe _body = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private bool _bodyTaken;

    /// <summary>The status; 200 unless set.</summary>
    public int StatusCode { get; private set; } = 200;

    /// <summary>The headers the guest gave the constructor.</summary>
    public Fields Headers { get; } = headers;

    /// <summary>Where the host reads the body the guest writes.</summary>
    public PipeReader BodyReader => _body.Reader;

    /// <summary>set-status-code: false for a value outside 100-599.</summary>
    public bool SetStatusCode(int status)
    {
        if (status is < 100 or > 599)
        {
            return false;
        }
        StatusCode = status;
        return true;
    }

    /// <summary>body: the outgoing body, once.</summary>
    public OutgoingBody Body()
    {
        if (_bodyTaken)
        {
            throw new InvalidOperationException("the body was already taken");
        }
        _bodyTaken = true;
        return new OutgoingBody(_body.Writer);
    }

    /// <summary>Whether the guest took the body (if not, the response has an empty one).</summary>
    public bool BodyTaken => _bodyTaken;

    /// <summary>
    /// The request is over but its instance lives on (reuse): a body never taken
    /// ends empty, one taken but not finished ends incomplete (as dropping it does),
    /// so the guest can never write to this response from a later request.
    /// </summary>
    public void EndBody()
    {
        if (_bodyTaken)
        {
            _body.Writer.Complete(new IOException("the handler returned without finishing the body"));
        }
        else
        {
            _body.Writer.Complete();
        }
    }

    /// <summary>Completes the body when the guest never took it.</summary>
    public void CompleteUntakenBody()
    {
        if (!_bodyTaken)
        {
            _body.Writer.Complete();
        }
    }
}

/// <summary>
/// response-outparam: where the guest's handler delivers its response, once.
/// Continuations of <see cref="Response"/> run on the guest's thread as it
/// sets the response, so the host starts sending without a thread switch;
/// they must not block.
/// </summary>
public sealed class ResponseOutparam
{
    private readonly TaskCompletionSource<OutgoingResponse> _response = new();

    /// <summary>Completes when the guest sets a response, or faults with its error-code.</summary>
    public Task<OutgoingResponse> Response => _response.Task;

    /// <summary>set: delivers the response (or the guest's error).</summary>
    public void Set(OutgoingResponse? response, HttpErrorCode? error)
    {
        var delivered = response is not null
            ? _response.TrySetResult(response)
            : _response.TrySetException(new HttpErrorException(error ?? HttpErrorCode.Internal("no response")));
        if (!delivered)
        {
            throw new InvalidOperationException("response-outparam.set called twice");
        }
    }

    /// <summary>The guest dropped the outparam without setting it.</summary>
    public void Abandon() => _response.TrySetException(new HttpErrorException(HttpErrorCode.Internal("the handler returned without setting a response")));
}
