namespace Capsule.Runtime.Engine;

/// <summary>The compiler that turns wasm into native code (Wasmtime's strategies).</summary>
public enum WasmCompiler
{
    /// <summary>Cranelift, the optimizing compiler: the fastest code, seconds to compile a 12 MB component.</summary>
    Cranelift,

    /// <summary>
    /// Winch, the baseline compiler: one pass, about four times faster to
    /// compile, slower code. For machines where compiling is the cost (a small
    /// device, an emulator) and a cache is not kept.
    /// </summary>
    Winch,
}

/// <summary>Reads the compiler from <c>CAPSULE_COMPILER</c>.</summary>
public static class WasmCompilers
{
    /// <summary>The environment variable that chooses the compiler: <c>cranelift</c> (default) or <c>winch</c>.</summary>
    public const string Variable = "CAPSULE_COMPILER";

    /// <summary>The compiler <c>CAPSULE_COMPILER</c> names; Cranelift when it is unset or empty; null when it names no compiler.</summary>
    public static WasmCompiler? FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The compiler <paramref name="name"/> names (case-insensitive); Cranelift for null or empty; null for an unknown name.</summary>
    public static WasmCompiler? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "cranelift" => WasmCompiler.Cranelift,
        "winch" => WasmCompiler.Winch,
        _ => null,
    };
}
