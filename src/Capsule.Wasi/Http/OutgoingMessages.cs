using System.IO.Pipelines;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Http;

/// <summary>outgoing-request: built by the guest, sent by outgoing-handler.handle.</summary>
public sealed class OutgoingRequest(Fields headers)
{
    private readonly Pipe _body = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private bool _bodyTaken;

    /// <summary>The method on the wire; GET unless set.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Path and query; null means "/".</summary>
    public string? PathWithQuery { get; set; }

    /// <summary>http or https; when the guest sets none, https is used (the spec leaves it to the host).</summary>
    public string? Scheme { get; set; }

    /// <summary>Host[:port]; required to send.</summary>
    public string? Authority { get; set; }

    /// <summary>The headers the constructor took.</summary>
    public Fields Headers { get; } = headers;

    /// <summary>Where the host reads the body the guest writes.</summary>
    public PipeReader BodyReader => _body.Reader;

    /// <summary>Whether the guest took the body.</summary>
    public bool BodyTaken => _bodyTaken;

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

    /// <summary>Completes the body when the guest never took it (a request without a body).</summary>
    public void CompleteUntakenBody()
    {
        if (!_bodyTaken)
        {
            _body.Writer.Complete();
        }
    }
}

/// <summary>request-options: timeouts in nanoseconds (null = the host's default).</summary>
public sealed class RequestOptions
{
    /// <summary>connect-timeout.</summary>
    public ulong? ConnectTimeout { get; set; }

    /// <summary>first-byte-timeout.</summary>
    public ulong? FirstByteTimeout { get; set; }

    /// <summary>between-bytes-timeout.</summary>
    public ulong? BetweenBytesTimeout { get; set; }
}

/// <summary>incoming-response: what an outbound request got back.</summary>
public sealed class IncomingResponse(int status, Fields headers, IncomingBody body)
{
    private IncomingBody? _body = body;

    /// <summary>status.</summary>
    public int Status { get; } = status;

    /// <summary>headers, immutable.</summary>
    public Fields Headers { get; } = headers.AsImmutable();

    /// <summary>consume: the body, once.</summary>
    public IncomingBody Consume() => Interlocked.Exchange(ref _body, null) ?? throw new InvalidOperationException("the body was already consumed");
}

/// <summary>future-incoming-response: the pending result of outgoing-handler.handle.</summary>
public sealed class FutureIncomingResponse(Task<IncomingResponse> response)
{
    private bool _taken;

    /// <summary>Ready when the response (or its failure) has arrived.</summary>
    public Pollable Subscribe() => new TaskPollable(response);

    /// <summary>
    /// get: null while pending; otherwise the response or its error-code.
    /// A second get after the value was taken is an error the binding reports as err(()).
    /// </summary>
    public (bool Ready, bool AlreadyTaken, IncomingResponse? Response, HttpErrorCode? Error) Get()
    {
        if (!response.IsCompleted)
        {
            return (false, false, null, null);
        }
        if (_taken)
        {
            return (true, true, null, null);
        }
        _taken = true;
        if (response.IsCompletedSuccessfully)
        {
            return (true, false, response.Result, null);
        }
        var error = response.Exception?.InnerException is HttpErrorException http ? http.Code : HttpErrorCode.Internal(response.Exception?.InnerException?.Message ?? "cancelled");
        return (true, false, null, error);
    }
}
