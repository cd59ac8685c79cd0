using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

/// <summary>One core instance to make, in plan order: a module and what each of its imports is.</summary>
/// <param name="Module">Index into <see cref="ComponentPlan.Modules"/>.</param>
/// <param name="Imports">One entry per import of the module, in the module's order.</param>
public sealed record CoreInstancePlan(int Module, IReadOnlyList<CoreImportPlan> Imports)
{
    /// <summary>True when every import is a host function or builtin: the instance can come from an InstancePre.</summary>
    public bool AllImportsFromHost => Imports.All(i => i.Source is not CoreItemRef.Export);
}

/// <summary>One core import and what satisfies it.</summary>
/// <param name="Import">The module's import.</param>
/// <param name="Source">What satisfies it.</param>
public sealed record CoreImportPlan(CoreImport Import, CoreItemRef Source);
