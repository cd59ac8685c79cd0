using System.Text;

namespace Capsule.Hosting.Wagi;

/// <summary>
/// Parses a WAGI module's CGI header block (RFC 3875 section 6, as Spin's WAGI executor reads
/// it: <c>spinframework/spin</c> <c>crates/http/src/wagi/mod.rs</c> <c>compose_response</c>):
/// lines of <c>Name: value</c> ended by an empty line, CR ignored. <c>Content-Type</c>,
/// <c>Location</c> or <c>Status</c> must be present; <c>Status: 404 Not Found</c> sets the
/// status, <c>Location</c> without a status is a 302 redirect. Unlike Spin, which skips a line
/// without a colon and turns a bad status into 502, any malformed line is refused with its
/// reason, so the request fails with 500 and the log says why.
/// </summary>
internal static class CgiHeaderParser
{
    /// <summary>The header block's most bytes: a module that writes more without an empty line is not answering CGI.</summary>
    public const int MostHeaderBytes = 64 * 1024;

    /// <summary>
    /// The index just past the empty line ending the header block in <paramref name="output"/>
    /// (<c>\n\n</c>, CRs ignored), or -1 when it has not come yet.
    /// </summary>
    public static int EndOfHead(ReadOnlySpan<byte> output)
    {
        var last = (byte)0;
        for (var i = 0; i < output.Length; i++)
        {
            var b = output[i];
            if (b == '\r')
            {
                continue;
            }
            if (b == '\n' && last == '\n')
            {
                return i + 1;
            }
            last = b;
        }
        return -1;
    }

    /// <summary>Parses the header block <paramref name="head"/> (its bytes before the empty line).</summary>
    public static CgiHead Parse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head).Replace("\r", "", StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        int? status = null;
        var sufficient = false;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CgiHeaderException($"malformed CGI header line '{Shorten(line)}' (expected 'Name: value')");
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (!IsToken(name))
            {
                throw new CgiHeaderException($"malformed CGI header name '{Shorten(name)}'");
            }
            if (value.Any(c => c < ' ' && c != '\t' || c == '\x7f'))
            {
                throw new CgiHeaderException($"CGI header '{name}' has a control character in its value");
            }
            switch (name.ToLowerInvariant())
            {
                case "status":
                    status = ParseStatus(value);
                    sufficient = true;
                    break;
                case "content-type":
                case "location":
                    sufficient = true;
                    headers.Add(new(name, value));
                    break;
                default:
                    headers.Add(new(name, value));
                    break;
            }
        }
        if (!sufficient)
        {
            throw new CgiHeaderException("the CGI header block has none of Content-Type, Location or Status");
        }
        var redirect = headers.Any(h => h.Key.Equals("location", StringComparison.OrdinalIgnoreCase));
        return new CgiHead(status ?? (redirect ? 302 : 200), headers);
    }

    // "Status: 404 Not Found": the code, 100 to 599; the reason phrase is not sent (HTTP/1.1 lets the server pick it).
    private static int ParseStatus(string value)
    {
        var code = value.Split(' ', 2)[0];
        return code.Length == 3 && int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 100 and <= 599
            ? n
            : throw new CgiHeaderException($"malformed CGI Status '{Shorten(value)}' (expected a code from 100 to 599)");
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < '\x7f' && !"\"(),/:;<=>?@[\\]{}".Contains(c));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
