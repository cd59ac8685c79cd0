namespace Capsule.Hosting.Manifest;

/// <summary>A TOML value with the 1-based line it was written on, for error messages.</summary>
internal abstract record TomlNode(int Line)
{
    /// <summary>How the value reads in a message ("a string", "a table", …).</summary>
    public abstract string Describe();
}

/// <summary>A string, integer, float, boolean or date.</summary>
internal sealed record TomlScalar(object Value, int Line) : TomlNode(Line)
{
    public override string Describe() => Value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        _ => "a date",
    };
}

/// <summary>An array, or the elements of a table array.</summary>
internal sealed record TomlList(List<TomlNode> Items, int Line) : TomlNode(Line)
{
    public override string Describe() => "an array";
}

/// <summary>A table or inline table: keys in the order written.</summary>
internal sealed record TomlMap(int Line) : TomlNode(Line)
{
    public List<KeyValuePair<string, TomlNode>> Entries { get; } = [];

    public TomlNode? Get(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;

    public override string Describe() => "a table";
}
