using System.Text;

namespace Capsule.Runtime.Loading;

/// <summary>Recognizes a module or component from its first bytes, binary or text.</summary>
internal static class WasmFormat
{
    // Binary preamble: "\0asm", then a 16-bit version and a 16-bit layer.
    // Core modules are version 1 layer 0; components are version 0x0d layer 1.
    private static ReadOnlySpan<byte> Magic => "\0asm"u8;

    /// <summary>The kind of a binary, or null with the reason it is not one Capsule runs.</summary>
    public static WasmKind? DetectBinary(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length < 8 || !bytes[..4].SequenceEqual(Magic))
        {
            problem = bytes.Length == 0
                ? "empty file, not WebAssembly"
                : "not a WebAssembly file (it does not start with the \\0asm magic bytes)";
            return null;
        }
        var version = bytes[4] | (bytes[5] << 8);
        var layer = bytes[6] | (bytes[7] << 8);
        switch (layer, version)
        {
            case (0, 1):
                return WasmKind.CoreModule;
            case (1, 0x0d):
                return WasmKind.Component;
            default:
                problem = $"unsupported WebAssembly version {version} (layer {layer})";
                return null;
        }
    }

    /// <summary>The kind named by WebAssembly text, or null if the bytes are not WAT.</summary>
    public static WasmKind? DetectText(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var first = FirstToken(head);
        return first switch
        {
            "(module" => WasmKind.CoreModule,
            "(component" => WasmKind.Component,
            _ => null,
        };
    }

    // Skips whitespace and ;; line comments; returns the first "(word".
    private static string FirstToken(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text.AsSpan(i).StartsWith(";;"))
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
            }
            else
            {
                break;
            }
        }
        var start = i;
        i++;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }
        return start < text.Length ? text[start..i] : "";
    }
}
