namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// Bounds on what a component binary may declare, checked before anything is allocated, so a
/// hostile file cannot make the reader allocate or recurse without limit. The defaults follow
/// wasmparser's own limits (what Wasmtime accepts), so every component Wasmtime loads reads here.
/// </summary>
public sealed record ComponentReaderLimits
{
    /// <summary>The defaults.</summary>
    public static ComponentReaderLimits Default { get; } = new();

    /// <summary>Nested components and type scopes (component and instance types) in one another. Default 32.</summary>
    public int MaxNesting { get; init; } = 32;

    /// <summary>Items in one index space of one component (functions, types...). Default 1,000,000 (wasmparser's MAX_WASM_FUNCTIONS/TYPES).</summary>
    public int MaxIndexSpaceSize { get; init; } = 1_000_000;

    /// <summary>Core modules, core instances, components and instances in one component, each. Default 1,000 (wasmparser).</summary>
    public int MaxInstantiables { get; init; } = 1_000;

    /// <summary>Bytes in one name. Default 100,000 (wasmparser's MAX_WASM_STRING_SIZE).</summary>
    public int MaxNameBytes { get; init; } = 100_000;

    /// <summary>Fields, cases, parameters, arguments or declarations in one vector. Default 100,000.</summary>
    public int MaxVectorLength { get; init; } = 100_000;
}
