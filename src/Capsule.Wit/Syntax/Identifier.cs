namespace Capsule.Wit.Syntax;

/// <summary>WIT's rule for names: kebab-case parts, each all lower-case or all upper-case, starting with a letter.</summary>
internal static class Identifier
{
    /// <summary>Why <paramref name="id"/> is not a valid name, or null when it is.</summary>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "a name needs at least one letter";
        }
        foreach (var part in id.Split('-'))
        {
            if (part.Length == 0 || !char.IsLetter(part[0]))
            {
                return "each `-`-separated part must start with a letter";
            }
            bool lower = false, upper = false;
            foreach (var c in part)
            {
                lower |= char.IsLower(c);
                upper |= char.IsUpper(c);
            }
            if (lower && upper)
            {
                return $"part `{part}` mixes lower and upper case";
            }
        }
        return null;
    }
}
