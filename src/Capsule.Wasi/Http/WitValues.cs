using Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http's method and scheme between the host's strings and the guest's variants; the
/// standard cases are shared values, so a request's method and scheme cost no allocation.
/// </summary>
internal static class WitValues
{
    // Upper-case as on the wire, in the order of Standard.
    private static readonly string[] StandardNames = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    private static readonly Method[] Standard =
    [
        new Method.Get(), new Method.Head(), new Method.Post(), new Method.Put(), new Method.Delete(),
        new Method.Connect(), new Method.Options(), new Method.Trace(), new Method.Patch(),
    ];

    private static readonly Scheme Http = new Scheme.Http();
    private static readonly Scheme Https = new Scheme.Https();

    /// <summary>The method case of a wire method: standard only when spelled as the standard does (upper-case), else other.</summary>
    public static Method ToMethod(string method)
    {
        var index = Array.IndexOf(StandardNames, method);
        return index >= 0 ? Standard[index] : new Method.Other(method);
    }

    /// <summary>The wire method of a method case.</summary>
    public static string MethodName(Method method)
    {
        if (method is Method.Other other)
        {
            return other.Value;
        }
        var index = Array.IndexOf(Standard, method);
        return index >= 0 ? StandardNames[index] : throw new ArgumentException($"not a method: {method}", nameof(method));
    }

    /// <summary>The scheme case of a scheme (http and https in any case are the standard ones).</summary>
    public static Scheme? ToScheme(string? scheme) => scheme switch
    {
        null => null,
        _ when scheme.Equals("http", StringComparison.OrdinalIgnoreCase) => Http,
        _ when scheme.Equals("https", StringComparison.OrdinalIgnoreCase) => Https,
        _ => new Scheme.Other(scheme),
    };

    /// <summary>The scheme of a scheme case, lower-case when standard.</summary>
    public static string? SchemeName(Scheme? scheme) => scheme switch
    {
        null => null,
        Scheme.Http => "http",
        Scheme.Https => "https",
        Scheme.Other other => other.Value,
        _ => throw new ArgumentException($"not a scheme: {scheme}", nameof(scheme)),
    };
}
