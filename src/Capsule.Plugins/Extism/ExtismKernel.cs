using System.Text;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Capsule.Plugins.Extism;

/// <summary>
/// The Extism kernel in C#: defines the <c>extism:host/env</c> functions a plugin imports (memory,
/// input/output, errors, config, vars, logging, HTTP) on a linker, over an <see cref="ExtismCallState"/>.
/// Signatures are the kernel's: handles and lengths are i64, bytes are i32. A refusal (an access outside
/// Extism memory, a denied host, a full var store) throws, and the call traps with that message.
/// </summary>
internal static class ExtismKernel
{
    /// <summary>The import module of the kernel's functions.</summary>
    public const string Module = "extism:host/env";

    /// <summary>Every function the kernel provides, for the load-time import check.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal)
    {
        "alloc", "free", "length", "length_unsafe", "load_u8", "load_u64", "store_u8", "store_u64",
        "input_offset", "input_length", "input_load_u8", "input_load_u64", "output_set", "output_offset", "output_length",
        "error_set", "error_get", "memory_bytes", "reset", "config_get", "var_get", "var_set",
        "http_request", "http_status_code", "http_headers",
        "log_trace", "log_debug", "log_info", "log_warn", "log_error", "get_log_level",
    };

    /// <summary>Defines the kernel's functions on <paramref name="linker"/>, all acting on <paramref name="s"/>.</summary>
    public static void Define(Linker linker, ExtismCallState s, ILogger log)
    {
        var m = s.Memory;
        linker.DefineFunction(Module, "alloc", (long n) => (long)m.Alloc((ulong)n));
        linker.DefineFunction(Module, "free", (long h) =>
        {
            if (m.Free((ulong)h) && (ulong)h == s.InputOffset)
            {
                s.InputLength = 0;
            }
        });
        linker.DefineFunction(Module, "length", (long h) => (long)m.Length((ulong)h));
        linker.DefineFunction(Module, "length_unsafe", (long h) => (long)m.Length((ulong)h));
        linker.DefineFunction(Module, "load_u8", (long p) => (int)m.LoadU8((ulong)p));
        linker.DefineFunction(Module, "load_u64", (long p) => (long)m.LoadU64((ulong)p));
        linker.DefineFunction(Module, "store_u8", (long p, int x) => m.StoreU8((ulong)p, (byte)x));
        linker.DefineFunction(Module, "store_u64", (long p, long x) => m.StoreU64((ulong)p, (ulong)x));

        linker.DefineFunction(Module, "input_offset", () => (long)s.InputOffset);
        linker.DefineFunction(Module, "input_length", () => (long)s.InputLength);
        linker.DefineFunction(Module, "input_load_u8", (long i) => (int)m.LoadU8(InputAt(s, (ulong)i, 1)));
        linker.DefineFunction(Module, "input_load_u64", (long i) => (long)m.LoadU64(InputAt(s, (ulong)i, 8)));
        linker.DefineFunction(Module, "output_set", (long p, long n) =>
        {
            if (n != 0)
            {
                m.Check((ulong)p, (ulong)n);
            }
            (s.OutputOffset, s.OutputLength) = n == 0 ? (0UL, 0UL) : ((ulong)p, (ulong)n);
        });
        linker.DefineFunction(Module, "output_offset", () => (long)s.OutputOffset);
        linker.DefineFunction(Module, "output_length", () => (long)s.OutputLength);
        linker.DefineFunction(Module, "error_set", (long h) =>
        {
            if (h != 0)
            {
                m.Check((ulong)h, 0);
            }
            s.Error = (ulong)h;
        });
        linker.DefineFunction(Module, "error_get", () => (long)s.Error);
        linker.DefineFunction(Module, "memory_bytes", () => (long)m.Position);
        linker.DefineFunction(Module, "reset", () => s.Begin([], s.Deadline));

        linker.DefineFunction(Module, "config_get", (long key) =>
            s.Manifest.Config.TryGetValue(Key(s, key, "config key"), out var value) ? (long)m.Write(Encoding.UTF8.GetBytes(value)) : 0L);
        linker.DefineFunction(Module, "var_get", (long key) =>
            s.GetVar(Key(s, key, "var key")) is { } value ? (long)m.Write(value) : 0L);
        linker.DefineFunction(Module, "var_set", (long key, long value) =>
            s.SetVar(Key(s, key, "var key"), value == 0 ? null : m.Bytes((ulong)value, "var value").ToArray()));

        linker.DefineFunction(Module, "http_request", (long request, long body) =>
        {
            var (status, response) = ExtismHttp.Send(
                m.Bytes((ulong)request, "http request"), body == 0 ? null : m.Bytes((ulong)body, "http request body").ToArray(), s.Manifest, s.Deadline);
            s.HttpStatus = status;
            return response.Length == 0 ? 0L : (long)m.Write(response);
        });
        linker.DefineFunction(Module, "http_status_code", () => s.HttpStatus);
        linker.DefineFunction(Module, "http_headers", () => 0L);

        DefineLog(linker, "log_trace", LogLevel.Trace, s, log);
        DefineLog(linker, "log_debug", LogLevel.Debug, s, log);
        DefineLog(linker, "log_info", LogLevel.Information, s, log);
        DefineLog(linker, "log_warn", LogLevel.Warning, s, log);
        DefineLog(linker, "log_error", LogLevel.Error, s, log);
        linker.DefineFunction(Module, "get_log_level", () => LowestEnabled(log));
    }

    private static ulong InputAt(ExtismCallState s, ulong index, ulong size)
    {
        if (size > s.InputLength || index > s.InputLength - size)
        {
            throw new ExtismMemoryAccessException($"out of bounds: {size} bytes at {index} of an input of {s.InputLength} bytes");
        }
        return s.InputOffset + index;
    }

    private static string Key(ExtismCallState s, long handle, string what) => Encoding.UTF8.GetString(s.Memory.Bytes((ulong)handle, what));

    private static void DefineLog(Linker linker, string name, LogLevel level, ExtismCallState s, ILogger log) =>
        linker.DefineFunction(Module, name, (long h) =>
        {
            if (log.IsEnabled(level))
            {
                log.Log(level, new EventId(3001, "ExtismPluginLog"), "{Message}", Encoding.UTF8.GetString(s.Memory.Bytes((ulong)h, "log message")));
            }
        });

    // Extism's levels: trace 0, debug 1, info 2, warn 3, error 4; a PDK skips messages below it.
    private static int LowestEnabled(ILogger log) =>
        log.IsEnabled(LogLevel.Trace) ? 0
        : log.IsEnabled(LogLevel.Debug) ? 1
        : log.IsEnabled(LogLevel.Information) ? 2
        : log.IsEnabled(LogLevel.Warning) ? 3
        : log.IsEnabled(LogLevel.Error) ? 4
        : int.MaxValue;
}
