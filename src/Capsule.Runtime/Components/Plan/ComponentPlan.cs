namespace Capsule.Runtime.Components.Plan;

/// <summary>
/// How to instantiate a component on core instances, made once per component at load by
/// <see cref="ComponentPlanner"/>: the core modules, the core instances in the order to make them
/// with every import resolved, the exported functions and the host functions it needs. Immutable.
/// </summary>
/// <param name="Modules">The core modules to compile (nested components' included), by plan index.</param>
/// <param name="Instances">The core instances, in instantiation order.</param>
/// <param name="CoreExports">Core exports that canonical options refer to (memory, realloc, post-return), by index.</param>
/// <param name="Exports">The exported functions.</param>
/// <param name="HostImports">Every distinct host function the guest lowers.</param>
public sealed record ComponentPlan(
    IReadOnlyList<Binary.CoreModuleBinary> Modules,
    IReadOnlyList<CoreInstancePlan> Instances,
    IReadOnlyList<CoreItemRef.Export> CoreExports,
    IReadOnlyList<ExportPlan> Exports,
    IReadOnlyList<HostImport> HostImports);
