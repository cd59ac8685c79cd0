namespace Capsule.Hosting.Routing;

/// <summary>The route a request matched, with what Spin's headers report about it.</summary>
public sealed record RouteMatch<T>(RoutePattern Pattern, T Target, IReadOnlyList<KeyValuePair<string, string>> Captures, string PathInfo);

/// <summary>
/// Routes → targets, most specific first (<see cref="RoutePattern.CompareSpecificity"/>).
/// Two routes with the same shape are a duplicate. Built once at load; matching is thread-safe.
/// </summary>
public sealed class RouteTable<T>
{
    private readonly List<(RoutePattern Pattern, T Target)> _routes = [];

    /// <summary>The routes, most specific first.</summary>
    public IEnumerable<(RoutePattern Pattern, T Target)> Routes => _routes;

    /// <summary>Adds a route; a duplicate throws <see cref="RouteException"/>.</summary>
    public void Add(RoutePattern pattern, T target)
    {
        var existing = _routes.FindIndex(r => r.Pattern.Shape == pattern.Shape);
        if (existing >= 0)
        {
            throw new RouteException($"duplicate route \"{pattern.Raw}\" (same as \"{_routes[existing].Pattern.Raw}\")");
        }
        var at = _routes.FindIndex(r => RoutePattern.CompareSpecificity(pattern, r.Pattern) < 0);
        _routes.Insert(at < 0 ? _routes.Count : at, (pattern, target));
    }

    /// <summary>The most specific route matching <paramref name="path"/>, or null.</summary>
    public RouteMatch<T>? Match(string path)
    {
        foreach (var (pattern, target) in _routes)
        {
            if (pattern.TryMatch(path, out var captures, out var pathInfo))
            {
                return new RouteMatch<T>(pattern, target, captures, pathInfo);
            }
        }
        return null;
    }
}
