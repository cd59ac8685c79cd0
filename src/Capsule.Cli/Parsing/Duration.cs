using System.Globalization;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Parsing;

/// <summary>Parses durations like <c>5s</c>, <c>250ms</c>, <c>2m</c>, <c>1.5s</c>.</summary>
internal static partial class Duration
{
    public static bool TryParse(string text, out TimeSpan duration, out string? error)
    {
        duration = default;
        error = null;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"--timeout '{text}' is not a duration (expected e.g. 500ms, 5s, 2m)";
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
            error = $"--timeout '{text}' must be longer than zero";
            return false;
        }
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.Milliseconds == 0
            ? $"{duration.TotalSeconds:0.##}s"
            : $"{duration.TotalMilliseconds:0.##}ms";

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
