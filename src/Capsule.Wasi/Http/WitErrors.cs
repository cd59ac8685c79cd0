using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http's errors between the host classes and the guest, in one place: a
/// <see cref="HeaderError"/> thrown by <see cref="Fields"/> becomes header-error, an
/// <see cref="HttpErrorCode"/> (case name and text) becomes error-code and back.
/// </summary>
internal static class WitErrors
{
    private static readonly Types.HeaderError InvalidSyntax = new Types.HeaderError.InvalidSyntax();
    private static readonly Types.HeaderError Forbidden = new Types.HeaderError.Forbidden();
    private static readonly Types.HeaderError Immutable = new Types.HeaderError.Immutable();

    private static readonly Types.FieldSizePayload NoFieldSize = new(null, null);

    // Every error-code case by its WIT name, with the value the host sends for it (payloads empty);
    // a guest's value is named by its type.
    private static readonly (string Case, Types.ErrorCode Value)[] Cases =
    [
        ("DNS-timeout", new Types.ErrorCode.DnsTimeout()),
        ("DNS-error", new Types.ErrorCode.DnsError(new(null, null))),
        ("destination-not-found", new Types.ErrorCode.DestinationNotFound()),
        ("destination-unavailable", new Types.ErrorCode.DestinationUnavailable()),
        ("destination-IP-prohibited", new Types.ErrorCode.DestinationIpProhibited()),
        ("destination-IP-unroutable", new Types.ErrorCode.DestinationIpUnroutable()),
        ("connection-refused", new Types.ErrorCode.ConnectionRefused()),
        ("connection-terminated", new Types.ErrorCode.ConnectionTerminated()),
        ("connection-timeout", new Types.ErrorCode.ConnectionTimeout()),
        ("connection-read-timeout", new Types.ErrorCode.ConnectionReadTimeout()),
        ("connection-write-timeout", new Types.ErrorCode.ConnectionWriteTimeout()),
        ("connection-limit-reached", new Types.ErrorCode.ConnectionLimitReached()),
        ("TLS-protocol-error", new Types.ErrorCode.TlsProtocolError()),
        ("TLS-certificate-error", new Types.ErrorCode.TlsCertificateError()),
        ("TLS-alert-received", new Types.ErrorCode.TlsAlertReceived(new(null, null))),
        ("HTTP-request-denied", new Types.ErrorCode.HttpRequestDenied()),
        ("HTTP-request-length-required", new Types.ErrorCode.HttpRequestLengthRequired()),
        ("HTTP-request-body-size", new Types.ErrorCode.HttpRequestBodySize(null)),
        ("HTTP-request-method-invalid", new Types.ErrorCode.HttpRequestMethodInvalid()),
        ("HTTP-request-URI-invalid", new Types.ErrorCode.HttpRequestUriInvalid()),
        ("HTTP-request-URI-too-long", new Types.ErrorCode.HttpRequestUriTooLong()),
        ("HTTP-request-header-section-size", new Types.ErrorCode.HttpRequestHeaderSectionSize(null)),
        ("HTTP-request-header-size", new Types.ErrorCode.HttpRequestHeaderSize(null)),
        ("HTTP-request-trailer-section-size", new Types.ErrorCode.HttpRequestTrailerSectionSize(null)),
        ("HTTP-request-trailer-size", new Types.ErrorCode.HttpRequestTrailerSize(NoFieldSize)),
        ("HTTP-response-incomplete", new Types.ErrorCode.HttpResponseIncomplete()),
        ("HTTP-response-header-section-size", new Types.ErrorCode.HttpResponseHeaderSectionSize(null)),
        ("HTTP-response-header-size", new Types.ErrorCode.HttpResponseHeaderSize(NoFieldSize)),
        ("HTTP-response-body-size", new Types.ErrorCode.HttpResponseBodySize(null)),
        ("HTTP-response-trailer-section-size", new Types.ErrorCode.HttpResponseTrailerSectionSize(null)),
        ("HTTP-response-trailer-size", new Types.ErrorCode.HttpResponseTrailerSize(NoFieldSize)),
        ("HTTP-response-transfer-coding", new Types.ErrorCode.HttpResponseTransferCoding(null)),
        ("HTTP-response-content-coding", new Types.ErrorCode.HttpResponseContentCoding(null)),
        ("HTTP-response-timeout", new Types.ErrorCode.HttpResponseTimeout()),
        ("HTTP-upgrade-failed", new Types.ErrorCode.HttpUpgradeFailed()),
        ("HTTP-protocol-error", new Types.ErrorCode.HttpProtocolError()),
        ("loop-detected", new Types.ErrorCode.LoopDetected()),
        ("configuration-error", new Types.ErrorCode.ConfigurationError()),
        ("internal-error", new Types.ErrorCode.InternalError(null)),
    ];

    /// <summary>Runs a fields operation: its value, or the header-error it threw.</summary>
    public static Result<T, Types.HeaderError> Headers<TArgs, T>(TArgs args, Func<TArgs, T> operation)
    {
        try
        {
            return operation(args);
        }
        catch (HeaderError e)
        {
            return ToWit(e);
        }
    }

    /// <summary>Runs a fields operation without a value: ok, or the header-error it threw.</summary>
    public static Result<Unit, Types.HeaderError> Headers<TArgs>(TArgs args, Action<TArgs> operation)
    {
        try
        {
            operation(args);
            return Unit.Value;
        }
        catch (HeaderError e)
        {
            return ToWit(e);
        }
    }

    /// <summary>The error-code a guest receives for <paramref name="code"/>, with the payload its case carries.</summary>
    public static Types.ErrorCode ToWit(HttpErrorCode code) => code.Case switch
    {
        "DNS-error" => new Types.ErrorCode.DnsError(new(code.Text, null)),
        "internal-error" => new Types.ErrorCode.InternalError(code.Text),
        "HTTP-response-transfer-coding" => new Types.ErrorCode.HttpResponseTransferCoding(code.Text),
        "HTTP-response-content-coding" => new Types.ErrorCode.HttpResponseContentCoding(code.Text),
        var name => Named(name),
    };

    /// <summary>The case of an error-code a guest produced (its payload is not needed).</summary>
    public static HttpErrorCode FromWit(Types.ErrorCode code)
    {
        foreach (var (name, value) in Cases)
        {
            if (value.GetType() == code.GetType())
            {
                return new(name);
            }
        }
        throw new ArgumentException($"not a wasi:http error-code: {code}", nameof(code));
    }

    private static Types.ErrorCode Named(string name)
    {
        foreach (var (known, value) in Cases)
        {
            if (known == name)
            {
                return value;
            }
        }
        throw new ArgumentException($"'{name}' is not a wasi:http error-code", nameof(name));
    }

    private static Types.HeaderError ToWit(HeaderError e) => e.Code switch
    {
        "forbidden" => Forbidden,
        "immutable" => Immutable,
        _ => InvalidSyntax,
    };
}
