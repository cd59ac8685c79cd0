namespace Capsule.Wit.Tests;

/// <summary>Reads inline WIT text the way the tests need it.</summary>
internal static class Wit
{
    /// <summary>Reads <paramref name="text"/> as file <c>test.wit</c>.</summary>
    public static PackageSet Read(string text, WitReaderOptions? options = null) => WitReader.Read("test.wit", text, options);

    /// <summary>The one interface of <c>package test:pkg;</c> whose body is <paramref name="body"/>.</summary>
    public static Interface Interface(string body) =>
        Read($"package test:pkg;\ninterface i {{\n{body}\n}}\n").Packages.Single().Interfaces.Single();

    /// <summary>The type definition named <paramref name="name"/> in <paramref name="body"/>.</summary>
    public static T Type<T>(string body, string name)
        where T : TypeDef =>
        Assert.IsType<T>(Interface(body).FindType(name));

    /// <summary>The error reading <paramref name="text"/> gives.</summary>
    public static WitException Error(string text) => Assert.Throws<WitException>(() => Read(text));

    /// <summary>The error reading <paramref name="sources"/> gives.</summary>
    public static WitException Error(params WitSource[] sources) => Assert.Throws<WitException>(() => WitReader.Read(sources));
}
