using System.Globalization;
using System.Text.RegularExpressions;

namespace Capsule.Runtime.Grants;

/// <summary>Parses sizes like <c>64MiB</c>, <c>512M</c>, <c>1GiB</c>, <c>65536</c> (bytes). K/M/G mean KiB/MiB/GiB.</summary>
public static partial class ByteSize
{
    /// <summary>Parses a wasm32 memory size (at most 4 GiB); on failure <paramref name="error"/> says why, quoting the text.</summary>
    public static bool TryParse(string text, out long bytes, out string? error) =>
        TryParse(text, 4L << 30, "a wasm32 memory holds at most 4GiB", out bytes, out error);

    /// <summary>Parses a size of host memory (e.g. a budget for many instances), up to 1 PiB.</summary>
    public static bool TryParseHostMemory(string text, out long bytes, out string? error) =>
        TryParse(text, 1L << 50, "expected 1 byte to 1PiB", out bytes, out error);

    private static bool TryParse(string text, long most, string range, out long bytes, out string? error)
    {
        bytes = 0;
        error = null;
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"'{text}' is not a size (expected e.g. 64MiB, 512M, 1GiB or a number of bytes)";
            return false;
        }
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var multiplier = char.ToUpperInvariant(match.Groups["u"].Value.FirstOrDefault()) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1L,
        };
        var value = number * multiplier;
        if (value < 1 || value > most)
        {
            error = $"'{text}' is out of range ({range})";
            return false;
        }
        bytes = (long)value;
        return true;
    }

    /// <summary>The shortest exact spelling, e.g. 64MiB or 500ms.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
        _ => $"{bytes} bytes",
    };

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>([KkMmGg](i?[Bb])?)|[Bb])?$")]
    private static partial Regex SizePattern();
}
