namespace Capsule.Hosting.Wagi;

/// <summary>The response a CGI header block describes: status and headers, the body still to come.</summary>
/// <param name="Status">From <c>Status:</c>; else 302 when <c>Location:</c> is given; else 200.</param>
/// <param name="Headers">Every header but <c>Status</c>, in the order written.</param>
internal sealed record CgiHead(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>A header block that is not a CGI response (RFC 3875 section 6); the message says why.</summary>
internal sealed class CgiHeaderException(string message) : Exception(message);
