using System.Text.RegularExpressions;

namespace Capsule.Hosting.Routing;

/// <summary>A route was written wrong, or twice.</summary>
public sealed class RouteException(string message) : Exception(message);

/// <summary>
/// A Spin route: exact (<c>/cart</c>), with single-segment wildcards
/// (<c>/users/:id</c>), and/or ending in a trailing wildcard (<c>/api/...</c>).
/// Immutable; <see cref="Raw"/> is the route as written.
/// </summary>
public sealed partial record RoutePattern(string Raw, IReadOnlyList<string> Segments, bool TrailingWildcard)
{
    /// <summary>Parses and validates a route; throws <see cref="RouteException"/> saying what is wrong.</summary>
    public static RoutePattern Parse(string route)
    {
        if (!route.StartsWith('/'))
        {
            throw new RouteException($"a route must start with '/' (got \"{route}\")");
        }
        // A request path never holds these, so such a route could never match.
        if (route.IndexOfAny(['?', '#']) is var at and >= 0)
        {
            throw new RouteException($"a route is a path: '{route[at]}' would start a {(route[at] == '?' ? "query" : "fragment")}, which routes do not match (in \"{route}\")");
        }
        if (route.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new RouteException($"a route cannot contain spaces or control characters (in \"{Printable(route)}\")");
        }
        // Routes match the raw request target, as Spin's do (it does not decode either): a
        // client sends "/é" as "/%C3%A9", so a route spelled with the character itself never matches.
        if (route.Any(c => c > '\u007f'))
        {
            throw new RouteException($"a route is matched against the path as clients send it, percent-encoded: write \"{PercentEncoded(route)}\" (got \"{route}\")");
        }
        // "/a//b" would stand for a path with an empty segment, which matching never keeps.
        if (route.Contains("//", StringComparison.Ordinal))
        {
            throw new RouteException($"a route cannot contain an empty segment ('//') (in \"{route}\")");
        }
        // The host answers these first (Spin's reserved routes): a component there would never be reached.
        if (route.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new RouteException($"routes under {ReservedPrefix} are reserved: the host answers them (health) and no component is ever reached (got \"{route}\")");
        }
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var trailing = segments.Count > 0 && segments[^1] == "...";
        if (trailing)
        {
            segments.RemoveAt(segments.Count - 1);
        }
        var headerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment == "...")
            {
                throw new RouteException($"'...' may only end a route (in \"{route}\")");
            }
            if (segment.StartsWith(':') && segment.Length == 1)
            {
                throw new RouteException($"a ':' wildcard needs a name (in \"{route}\")");
            }
            if (segment.StartsWith(':') && !WildcardName().IsMatch(segment[1..]))
            {
                throw new RouteException($"a ':' wildcard name uses letters, digits, '_' and '-', as its spin-path-match-* header must (got \"{segment}\" in \"{route}\")");
            }
            // Two names giving one spin-path-match-* header would lose a capture.
            if (segment.StartsWith(':') && !headerNames.Add(HeaderName(segment[1..])))
            {
                throw new RouteException($"the wildcard name '{segment}' is used twice (in \"{route}\")");
            }
            if (segment.Contains('*'))
            {
                throw new RouteException($"use '/...' for a trailing wildcard, not '*' (in \"{route}\")");
            }
        }
        return new RoutePattern(route, segments, trailing);
    }

    /// <summary>Spin's reserved route prefix, answered by the host (Http/WellKnownRoutes).</summary>
    public const string ReservedPrefix = "/.well-known/spin/";

    /// <summary>The request header carrying wildcard <paramref name="name"/>'s capture, as Spin names it.</summary>
    public static string HeaderName(string name) => $"spin-path-match-{name.Replace('_', '-').ToLowerInvariant()}";

    // Each non-ASCII character as the percent-encoded UTF-8 a client sends.
    private static string PercentEncoded(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => r.Value < 0x80
            ? r.ToString()
            : string.Concat(System.Text.Encoding.UTF8.GetBytes(r.ToString()).Select(b => $"%{b:X2}"))));

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex WildcardName();

    /// <summary>The route as written without its trailing <c>/...</c> (Spin's spin-component-route; "" for <c>/...</c>).</summary>
    public string Prefix => Raw.EndsWith("/...", StringComparison.Ordinal) ? Raw[..^4] : Raw;

    /// <summary>The route with one trailing slash removed, as Spin reports it in spin-matched-route.</summary>
    public string Matched => Raw.Length > 1 && Raw.EndsWith('/') ? Raw[..^1] : Raw;

    /// <summary>The names of the <c>:name</c> segments, in order.</summary>
    public IEnumerable<string> WildcardNames => Segments.Where(s => s.StartsWith(':')).Select(s => s[1..]);

    /// <summary>The normalized shape two routes collide on: same segments, wildcards unnamed.</summary>
    public string Shape => string.Join('/', Segments.Select(s => s.StartsWith(':') ? ":" : s)) + (TrailingWildcard ? "/..." : "");

    /// <summary>
    /// Matches a request path as the client sent it (percent-encoded); on
    /// success returns the <c>:name</c> captures and the path after the
    /// matched part (Spin's spin-path-info), both as raw as the path: like
    /// Spin, nothing is decoded, so <c>%2F</c> stays <c>%2F</c>.
    /// </summary>
    public bool TryMatch(string path, out IReadOnlyList<KeyValuePair<string, string>> captures, out string pathInfo)
    {
        captures = [];
        pathInfo = "";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < Segments.Count || (!TrailingWildcard && parts.Length != Segments.Count))
        {
            return false;
        }
        var found = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < Segments.Count; i++)
        {
            if (Segments[i].StartsWith(':'))
            {
                found.Add(new(Segments[i][1..], parts[i]));
            }
            else if (!string.Equals(Segments[i], parts[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        captures = found;
        if (TrailingWildcard)
        {
            // Spin keeps a trailing slash: /foo/... on /foo → "", /foo/ → "/", /foo/bar/ → "/bar/".
            var rest = parts[Segments.Count..];
            var slash = path.EndsWith('/') ? "/" : "";
            pathInfo = rest.Length == 0 ? slash : "/" + string.Join('/', rest) + slash;
        }
        return true;
    }

    /// <summary>
    /// Orders routes most specific first: exact routes before wildcard ones;
    /// then, segment by segment, a literal before a <c>:name</c>; then more
    /// segments before fewer; a trailing wildcard last.
    /// </summary>
    public static int CompareSpecificity(RoutePattern a, RoutePattern b)
    {
        for (var i = 0; i < Math.Min(a.Segments.Count, b.Segments.Count); i++)
        {
            var aWild = a.Segments[i].StartsWith(':');
            var bWild = b.Segments[i].StartsWith(':');
            if (aWild != bWild)
            {
                return aWild ? 1 : -1;
            }
        }
        if (a.TrailingWildcard != b.TrailingWildcard)
        {
            return a.TrailingWildcard ? 1 : -1;
        }
        return b.Segments.Count.CompareTo(a.Segments.Count);
    }
}
