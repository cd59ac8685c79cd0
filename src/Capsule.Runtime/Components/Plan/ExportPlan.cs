using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

/// <summary>An exported function: the core function it lifts and how.</summary>
/// <param name="Interface">The exported interface, e.g. <c>wasi:http/incoming-handler@0.2.0</c>, or null for a function exported directly.</param>
/// <param name="Function">The function name.</param>
/// <param name="CoreFunc">The lifted core function.</param>
/// <param name="Options">The lift's canonical options.</param>
/// <param name="Type">The component function type, when it is defined in the component (null when imported or aliased).</param>
public sealed record ExportPlan(string? Interface, string Function, CoreItemRef CoreFunc, CanonOptionsPlan Options, DefinedType.Func? Type);
