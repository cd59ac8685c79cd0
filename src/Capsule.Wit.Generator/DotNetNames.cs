using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Capsule.Wit.Generator;

/// <summary>
/// WIT names as .NET names: kebab-case parts joined in PascalCase (<c>input-stream</c> → <c>InputStream</c>),
/// an all-upper-case part as a word (<c>DNS-error</c> → <c>DnsError</c>); parameters in camelCase,
/// escaped with <c>@</c> when they are C# keywords. A <c>%</c>-escaped WIT name arrives without its <c>%</c>.
/// </summary>
internal static class DotNetNames
{
    /// <summary><c>input-stream</c> → <c>InputStream</c>.</summary>
    public static string Pascal(string witName)
    {
        var name = new StringBuilder(witName.Length);
        foreach (var part in witName.TrimStart('%').Split('-'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            name.Append(char.ToUpperInvariant(part[0]));
            name.Append(part.Length > 1 && IsUpper(part) ? part.Substring(1).ToLowerInvariant() : part.Substring(1));
        }
        return name.ToString();
    }

    /// <summary><c>remote-address</c> → <c>remoteAddress</c>, <c>in</c> → <c>@in</c>.</summary>
    public static string Camel(string witName)
    {
        var pascal = Pascal(witName);
        var camel = pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(camel) != SyntaxKind.None
            ? "@" + camel
            : camel;
    }

    /// <summary>A member's name, changed when C# forbids it: the name of the type that holds it.</summary>
    public static string Member(string witName, string enclosingType)
    {
        var name = Pascal(witName);
        return name == enclosingType ? name + "Value" : name;
    }

    /// <summary>The C# namespace of a WIT interface: <c>wasi:io/streams</c> → <c>{root}.Wasi.Io.Streams</c>.</summary>
    public static string Namespace(string root, Capsule.Wit.Model.Interface witInterface) =>
        Namespace(root, new Capsule.Wit.Model.TypeOwner(witInterface.Package, witInterface.Name, witInterface.World));

    /// <summary>The C# namespace of the types defined by <paramref name="owner"/> (an interface, a world, or an interface inline in a world).</summary>
    public static string Namespace(string root, Capsule.Wit.Model.TypeOwner owner)
    {
        var parts = $"{Pascal(owner.Package.Namespace)}.{Pascal(owner.Package.Name)}";
        parts += owner.World is null ? "" : "." + Pascal(owner.World);
        parts += owner.Interface is null ? "" : "." + Pascal(owner.Interface);
        return root.Length == 0 ? parts : $"{root}.{parts}";
    }

    private static bool IsUpper(string part)
    {
        foreach (var c in part)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }
        return true;
    }
}
