using Wasmtime;

namespace Capsule.Runtime.Running;

/// <summary>Turns Wasmtime's trap exceptions into a short kind, a message and a backtrace.</summary>
internal static class TrapDescription
{
    public static string KindOf(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.MemoryOutOfBounds => "out-of-bounds memory access",
        TrapCode.StackOverflow => "stack overflow",
        TrapCode.IntegerDivisionByZero => "integer divide by zero",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.BadConversionToInteger => "invalid conversion to integer",
        TrapCode.IndirectCallToNull => "indirect call to null",
        TrapCode.BadSignature => "indirect call type mismatch",
        TrapCode.TableOutOfBounds => "out-of-bounds table access",
        TrapCode.HeapMisaligned => "misaligned memory access",
        TrapCode.NullReference => "null reference",
        TrapCode.AllocationTooLarge => "allocation too large",
        TrapCode.Interrupt => "interrupt",
        TrapCode.OutOfFuel => "out of fuel",
        TrapCode.CannotEnterComponent => "cannot enter component",
        _ => code.ToString(),
    };

    /// <summary>The guest frames of an error, innermost first; unnamed modules take <paramref name="fileName"/>.</summary>
    public static IReadOnlyList<string> Backtrace(WasmtimeException e, string fileName) =>
        (e.Frames ?? []).Select(f => Frame(f, fileName)).ToList();

    /// <summary>
    /// Recognizes a trap from Wasmtime's fixed wording, for errors that carry
    /// no trap code (component calls).
    /// </summary>
    public static TrapCode? CodeFromMessage(string message) => message switch
    {
        _ when message.Contains("wasm `unreachable` instruction executed", StringComparison.Ordinal) => TrapCode.Unreachable,
        _ when message.Contains("out of bounds memory access", StringComparison.Ordinal) => TrapCode.MemoryOutOfBounds,
        _ when message.Contains("call stack exhausted", StringComparison.Ordinal) => TrapCode.StackOverflow,
        _ when message.Contains("integer divide by zero", StringComparison.Ordinal) => TrapCode.IntegerDivisionByZero,
        _ when message.Contains("interrupt", StringComparison.Ordinal) => TrapCode.Interrupt,
        _ when message.Contains("all fuel consumed", StringComparison.Ordinal) => TrapCode.OutOfFuel,
        _ => null,
    };

    /// <summary>The frames of a "wasm backtrace:" block in an error's text, innermost first.</summary>
    public static IReadOnlyList<string> BacktraceFromMessage(string message) =>
        message.Split('\n', StringSplitOptions.TrimEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\d+:\s+0x[0-9a-f]+ - (.+)$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

    /// <summary>Wasmtime's message without its embedded backtrace: the cause line(s) only.</summary>
    public static string Message(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // The text is "error while executing at wasm backtrace: ... Caused by: <cause>"
        // or just the cause; keep what follows the last "Caused by:".
        var caused = Array.FindLastIndex(lines, l => l == "Caused by:");
        var cause = caused >= 0 ? lines.Skip(caused + 1) : lines.Where(l => !IsBacktraceLine(l));
        return string.Join("; ", cause.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^\d+:\s*", "")));
    }

    private static bool IsBacktraceLine(string line) =>
        line.StartsWith("wasm backtrace", StringComparison.Ordinal)
        || line.StartsWith("error while executing", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(line, @"^\d+:\s+0x[0-9a-f]+ - ")
        || line.StartsWith("note:", StringComparison.Ordinal);

    private static string Frame(TrapFrame frame, string fileName)
    {
        var module = string.IsNullOrEmpty(frame.ModuleName) ? fileName : frame.ModuleName;
        var function = string.IsNullOrEmpty(frame.FunctionName) ? "<unnamed>" : frame.FunctionName;
        // Wasmtime reports usize::MAX when the faulting offset is unknown (stack overflow).
        return frame.ModuleOffset == nuint.MaxValue ? $"{module}!{function}" : $"{module}!{function} (offset 0x{frame.ModuleOffset:x})";
    }
}
