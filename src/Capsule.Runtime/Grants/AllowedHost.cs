using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Runtime.Grants;

/// <summary>
/// One entry of a component's allowed outbound hosts, in Spin's syntax:
/// <c>scheme://host[:port]</c> where scheme may be <c>*</c>, host may be
/// <c>*</c> or start with <c>*.</c> (any subdomain), and port may be <c>*</c>;
/// an absent port means the scheme's default (80, 443, 6379 for redis and rediss). An IPv6 address is
/// written in brackets, as in a URL. Examples:
/// <c>https://api.example.com</c>, <c>http://127.0.0.1:8080</c>,
/// <c>http://[::1]:8080</c>, <c>https://*.example.com</c>, <c>*://*:*</c>.
/// </summary>
public sealed record AllowedHost(string Scheme, string Host, string Port)
{
    /// <summary>Parses a pattern; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static AllowedHost Parse(string pattern)
    {
        var separator = pattern.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"'{pattern}' has no scheme: expected scheme://host[:port], e.g. https://api.example.com");
        }
        var scheme = pattern[..separator].ToLowerInvariant();
        if (scheme is not ("http" or "https" or "redis" or "rediss" or "*"))
        {
            throw new FormatException($"'{pattern}': scheme must be http, https, redis, rediss or * (the outbound connections Capsule makes)");
        }
        var rest = pattern[(separator + 3)..].TrimEnd('/');
        if (rest.Length == 0 || rest.Contains('/') || rest.Contains('?') || rest.Contains('@'))
        {
            throw new FormatException($"'{pattern}': expected only a host and an optional port after the scheme");
        }
        var (host, port) = SplitHostPort(rest, pattern);
        if (host.StartsWith('['))
        {
            return new AllowedHost(scheme, Ipv6Host(host[1..^1], pattern), CheckedPort(port, scheme, pattern));
        }
        var wildcardBody = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (host.Length == 0 || (host != "*" && (wildcardBody.Contains('*') || Uri.CheckHostName(wildcardBody) == UriHostNameType.Unknown)))
        {
            throw new FormatException($"'{pattern}': '{host}' is not a host name, an IP address, *, or *.domain");
        }
        return new AllowedHost(scheme, host.ToLowerInvariant(), CheckedPort(port, scheme, pattern));
    }

    // "[v6]:port" splits at the bracket; a bare IPv6 address (colons, no brackets) is refused by the host check.
    private static (string Host, string Port) SplitHostPort(string rest, string pattern)
    {
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < rest.Length && rest[close + 1] != ':'))
            {
                throw new FormatException($"'{pattern}': an IPv6 address is written [address] or [address]:port");
            }
            return (rest[..(close + 1)], close + 1 < rest.Length ? rest[(close + 2)..] : "");
        }
        var colon = rest.LastIndexOf(':');
        return colon < 0 ? (rest, "") : (rest[..colon], rest[(colon + 1)..]);
    }

    private static string Ipv6Host(string address, string pattern) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? Canonical(ip)
            : throw new FormatException($"'{pattern}': '[{address}]' is not an IPv6 address");

    // One spelling per address ([::1], not [0:0::1]), brackets included, as it is compared with a request's host.
    private static string Canonical(IPAddress ip) => $"[{ip}]";

    private static string CheckedPort(string port, string scheme, string pattern)
    {
        if (port.Length > 0 && port != "*" && !(ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0))
        {
            throw new FormatException($"'{pattern}': port must be a number from 1 to 65535 or *");
        }
        if (port.Length == 0 && scheme == "*")
        {
            throw new FormatException($"'{pattern}': with scheme * the port must be given (a number or *)");
        }
        return port.Length == 0 ? DefaultPort(scheme) : port;
    }

    /// <summary>Whether a request to <paramref name="uri"/> is allowed by this entry.</summary>
    public bool Matches(Uri uri)
    {
        var scheme = uri.Scheme.ToLowerInvariant();
        if (Scheme != "*" && Scheme != scheme)
        {
            return false;
        }
        var port = uri.Port >= 0 ? uri.Port.ToString(CultureInfo.InvariantCulture) : DefaultPort(scheme);
        if (Port != "*" && Port != port)
        {
            return false;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var ip)
            ? Canonical(ip)
            : uri.IdnHost.ToLowerInvariant();
        return Host == "*"
            || Host == host
            || (Host.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(Host[1..], StringComparison.Ordinal));
    }

    // Spin's well-known ports (outbound-networking-config's well_known_port; rediss as redis).
    private static string DefaultPort(string scheme) => scheme switch
    {
        "https" => "443",
        "redis" or "rediss" => "6379",
        _ => "80",
    };
}
