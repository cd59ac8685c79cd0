namespace Capsule.Runtime.Configuration;

/// <summary>A TOML value with the 1-based line it was written on, for error messages.</summary>
public abstract record TomlNode(int Line)
{
    /// <summary>How the value reads in a message ("a string", "a table", …).</summary>
    public abstract string Describe();
}

/// <summary>A string, integer, float, boolean or date.</summary>
public sealed record TomlScalar(object Value, int Line) : TomlNode(Line)
{
    /// <inheritdoc/>
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
public sealed record TomlList(List<TomlNode> Items, int Line) : TomlNode(Line)
{
    /// <inheritdoc/>
    public override string Describe() => "an array";
}

/// <summary>A table or inline table: keys in the order written.</summary>
public sealed record TomlMap(int Line) : TomlNode(Line)
{
    /// <summary>The entries, in the order written.</summary>
    public List<KeyValuePair<string, TomlNode>> Entries { get; } = [];

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public TomlNode? Get(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <inheritdoc/>
    public override string Describe() => "a table";
}
