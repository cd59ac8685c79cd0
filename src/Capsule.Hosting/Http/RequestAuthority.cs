using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Hosting.Http;

/// <summary>
/// Checks a request's Host (or :authority) before it reaches a guest. Kestrel
/// checks its characters but not, e.g., that a port is at most 65535; a guest
/// that builds a URL from <c>localhost:99999</c> traps. Only what a URL parser
/// (WHATWG's, as guests' runtimes use) accepts gets through; the rest is 400.
/// </summary>
internal static class RequestAuthority
{
    // The last authority found acceptable: clients keep sending the same Host, and checking it
    // costs a few hundred ns of every request. A plain reference: a stale read only means a re-check.
    private static string _lastAccepted = "";

    /// <summary>Null when <paramref name="authority"/> is acceptable (an absent Host is: HTTP/1.0), else why not.</summary>
    public static string? Problem(string authority)
    {
        if (authority.Length == 0 || string.Equals(authority, _lastAccepted, StringComparison.Ordinal))
        {
            return null;
        }
        var problem = Check(authority);
        if (problem is null)
        {
            _lastAccepted = authority;
        }
        return problem;
    }

    private static string? Check(string authority)
    {
        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return "the host is not a valid IPv6 address";
            }
            host = authority[..(close + 1)];
            var rest = authority[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return "unexpected text after the IPv6 address";
                }
                port = rest[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? null : authority[(colon + 1)..];
            if (HostNameProblem(host) is { } problem)
            {
                return problem;
            }
        }
        return port is null || IsPort(port) ? null : $"the port must be a number from 0 to 65535 (got \"{port}\")";
    }

    private static bool IsPort(string port) =>
        port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit) && int.Parse(port, CultureInfo.InvariantCulture) <= 65535;

    private static string? HostNameProblem(string host)
    {
        if (host.Length == 0)
        {
            return "the host is empty";
        }
        // RFC 3986 reg-name characters without percent-encoding; WHATWG forbids some others.
        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=".Contains(c)))
        {
            return "the host has characters a host name cannot have";
        }
        // A name whose last label is a number is an IPv4 address to a URL parser, which fails on e.g. 1.2.3.999.
        var last = host.TrimEnd('.').Split('.')[^1];
        var numeric = last.Length > 0 && (last.All(char.IsAsciiDigit) || (last.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && last[2..].All(char.IsAsciiHexDigit)));
        if (numeric && !IsDottedQuad(host))
        {
            return "the host is neither a name nor a valid IPv4 address";
        }
        return null;
    }

    private static bool IsDottedQuad(string host)
    {
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
