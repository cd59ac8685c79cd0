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

/// <summary>A host feature that also serves its interfaces to the component layer, as canonical ABI lowerings.</summary>
public interface ILoweredHostFeature
{
    /// <summary>
    /// The feature's interfaces as lowerings. Their host functions find the feature's state through
    /// <see cref="InstanceState.Host"/>, which the component layer sets to the store's <c>Features.InstanceState</c>.
    /// </summary>
    IEnumerable<LoweredInterface> Lowerings();
}
