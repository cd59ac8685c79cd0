namespace Capsule.Wasi.Filesystem;

/// <summary>
/// The WIT case names of a generated enum, both ways, made once: the generator names case
/// <c>no-entry</c> <c>NoEntry</c>, so the kebab-case of a member's name is its WIT name.
/// The host's own types name file types by these strings (as the guest sees them).
/// </summary>
internal static class WitCaseNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> NameOf = Enum.GetValues<TEnum>().ToDictionary(v => v, v => Kebab(v.ToString()));
    private static readonly Dictionary<string, TEnum> ValueOf = NameOf.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>The WIT name of <paramref name="value"/>, e.g. <c>no-entry</c>.</summary>
    public static string Of(TEnum value) => NameOf[value];

    /// <summary>The case named <paramref name="name"/>; a name that is no case is a host bug and throws.</summary>
    public static TEnum Parse(string name) => ValueOf[name];

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
