using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Capsule.Hosting.Registry;

/// <summary>TOML spellings of values that come from a pulled artifact: every string quoted and escaped, so no value can add a key or a table.</summary>
internal static class TomlText
{
    /// <summary>A TOML basic string.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' or '\u007f' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// A JSON string, integer, boolean, array or object of these as a TOML value, or null for
    /// anything else (a float, null, deeper nesting than <paramref name="depth"/>).
    /// </summary>
    public static string? Value(JsonNode? node, int depth = 2)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return String(value.GetValue<string>());
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>() ? "true" : "false";
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number):
                return number.ToString(CultureInfo.InvariantCulture);
            case JsonArray array when depth > 0:
                var items = array.Select(i => Value(i, depth - 1)).ToList();
                return items.Any(i => i is null) ? null : $"[{string.Join(", ", items)}]";
            case JsonObject table when depth > 0:
                var entries = table.Select(p => (Key: String(p.Key), Value: Value(p.Value, depth - 1))).ToList();
                return entries.Any(e => e.Value is null) ? null : $"{{ {string.Join(", ", entries.Select(e => $"{e.Key} = {e.Value}"))} }}";
            default:
                return null;
        }
    }
}
