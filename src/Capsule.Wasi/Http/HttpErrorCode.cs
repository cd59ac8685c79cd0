namespace Capsule.Wasi.Http;

/// <summary>
/// A wasi:http error-code value: its case name and, for the cases that
/// carry one, a payload (kept as the few shapes Capsule produces).
/// </summary>
/// <param name="Case">e.g. <c>HTTP-request-denied</c>, <c>connection-refused</c>, <c>internal-error</c>.</param>
/// <param name="Text">Payload of <c>internal-error(option&lt;string&gt;)</c> and similar string-carrying cases.</param>
public sealed record HttpErrorCode(string Case, string? Text = null)
{
    /// <summary>The outbound host is not in the component's allowed hosts.</summary>
    public static HttpErrorCode RequestDenied { get; } = new("HTTP-request-denied");

    /// <summary>Something failed in the host.</summary>
    public static HttpErrorCode Internal(string message) => new("internal-error", message);
}

/// <summary>An HTTP operation failed with an error-code the guest receives as a value.</summary>
public sealed class HttpErrorException(HttpErrorCode code) : Exception($"{code.Case}{(code.Text is null ? "" : $": {code.Text}")}")
{
    /// <summary>The error-code.</summary>
    public HttpErrorCode Code { get; } = code;
}
