using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Capsule.Hosting.Http;

/// <summary>
/// Where <c>capsule up</c> listens: <c>HOST:PORT</c>, HOST an IP address
/// (IPv6 in brackets) or <c>localhost</c>. Anything else is refused here:
/// Kestrel would read an unknown host name as "every interface", so a typo
/// must not quietly expose the server.
/// </summary>
public static class ListenAddress
{
    /// <summary>Parses <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            error = $"expected HOST:PORT, e.g. 127.0.0.1:3000 (got \"{text}\")";
            return false;
        }
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"the port must be a number from 0 to 65535 (got \"{portText}\"; 0 picks a free port)";
            return false;
        }
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : ParseIp(host);
        if (address is null)
        {
            error = $"the host must be an IP address ([...] for IPv6) or localhost (got \"{host}\")";
            return false;
        }
        endpoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }

    private static IPAddress? ParseIp(string host)
    {
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (host.Contains(':') && !bracketed)
        {
            return null;
        }
        return IPAddress.TryParse(bracketed ? host[1..^1] : host, out var address) ? address : null;
    }
}
