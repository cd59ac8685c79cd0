namespace Capsule.Runtime.Loading;

/// <summary>The two kinds of WebAssembly binary Capsule runs.</summary>
public enum WasmKind
{
    /// <summary>A core module (WebAssembly 1.0/2.0), run with WASI preview 1.</summary>
    CoreModule,

    /// <summary>A component (component model, layer 1), run with WASI 0.2.</summary>
    Component,
}
