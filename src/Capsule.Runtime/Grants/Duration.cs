using System.Globalization;
using System.Text.RegularExpressions;

namespace Capsule.Runtime.Grants;

/// <summary>Parses durations like <c>5s</c>, <c>250ms</c>, <c>2m</c>, <c>1.5s</c>.</summary>
public static partial class Duration
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, quoting the text.</summary>
    public static bool TryParse(string text, out TimeSpan duration, out string? error)
    {
        duration = default;
        error = null;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"'{text}' is not a duration (expected e.g. 500ms, 5s, 2m)";
            return false;
        }
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromSeconds(number),
        };
        if (duration <= TimeSpan.Zero)
        {
            error = $"'{text}' must be longer than zero";
            return false;
        }
        return true;
    }

    /// <summary>The shortest exact spelling, e.g. 64MiB or 500ms.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.Milliseconds == 0
            ? $"{duration.TotalSeconds:0.##}s"
            : $"{duration.TotalMilliseconds:0.##}ms";

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
