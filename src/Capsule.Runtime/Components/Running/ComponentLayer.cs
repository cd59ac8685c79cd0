using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Components.Running;

/// <summary>Which layer runs components (issue 21). The component layer is off by default until it serves every guest.</summary>
public enum ComponentLayer
{
    /// <summary>Wasmtime's component C API (<c>HostLinker</c>, <c>ValRef</c>): the default, and the fallback.</summary>
    Wasmtime,

    /// <summary>
    /// Capsule's component layer on Wasmtime's core C API (<see cref="CoreComponent"/>); a component it
    /// cannot run (its plan fails, an import has no lowering) falls back to <see cref="Wasmtime"/>, logged once.
    /// </summary>
    Core,
}

/// <summary>Reading <see cref="ComponentLayer"/> from text: a flag's value or <c>CAPSULE_COMPONENT_LAYER</c>.</summary>
public static class ComponentLayers
{
    /// <summary>The environment variable whose value is the default layer wherever a host is made (a whole test run on the new layer).</summary>
    public const string EnvironmentVariable = "CAPSULE_COMPONENT_LAYER";

    /// <summary>
    /// The layer <see cref="EnvironmentVariable"/> names, else <see cref="ComponentLayer.Wasmtime"/>; a value that names
    /// no layer throws <see cref="ArgumentException"/> naming the variable and the values it takes.
    /// </summary>
    public static ComponentLayer Default =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
            ? Parse(text) ?? throw new ArgumentException($"{EnvironmentVariable}={text}: expected core or wasmtime")
            : ComponentLayer.Wasmtime;

    /// <summary><c>core</c> or <c>wasmtime</c> (any case), else null.</summary>
    public static ComponentLayer? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "core" => ComponentLayer.Core,
        "wasmtime" => ComponentLayer.Wasmtime,
        _ => null,
    };
}

/// <summary>A host feature that also serves its interfaces to the component layer, as canonical ABI lowerings.</summary>
public interface ILoweredHostFeature
{
    /// <summary>
    /// The feature's interfaces as lowerings. Their host functions find the feature's state through
    /// <see cref="InstanceState.Host"/>, which the component layer sets to the store's <c>Features.InstanceState</c>.
    /// </summary>
    IEnumerable<LoweredInterface> Lowerings();
}
