using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

/// <summary>
/// Checks a plan's host imports once, at load, against what the host defines (interface name →
/// function name → flat core type): each interface found by <see cref="InterfaceVersions"/>, each
/// function present, and the core import's type equal to the host function's. Memory safety does not
/// rest on this (Wasmtime checks core types when it links), but a mismatch is a load error here
/// rather than a trap later.
/// </summary>
public static class HostImportCheck
{
    /// <summary>
    /// Returns, for every host import of <paramref name="plan"/>, the defined interface that serves it;
    /// throws <see cref="ComponentPlanException"/> naming the first import the host cannot satisfy.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Check(ComponentPlan plan, IReadOnlyDictionary<string, IReadOnlyDictionary<string, CoreFunctionType>> host)
    {
        var served = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var import in plan.Instances.SelectMany(i => i.Imports))
        {
            if (import.Source is not CoreItemRef.Host { Import: var hostImport })
            {
                continue;
            }
            if (!served.TryGetValue(hostImport.Interface, out var defined))
            {
                defined = InterfaceVersions.Match(hostImport.Interface, host.Keys)
                    ?? throw new ComponentPlanException($"import {hostImport.Interface}: the host does not define this interface (or a compatible version)");
                served[hostImport.Interface] = defined;
            }
            if (!host[defined].TryGetValue(hostImport.Function, out var hostType))
            {
                throw new ComponentPlanException($"import {hostImport.Interface}#{hostImport.Function}: {defined} has no such function");
            }
            if (import.Import.FuncType is not { } guestType || !guestType.SameAs(hostType))
            {
                throw new ComponentPlanException(
                    $"import {hostImport.Interface}#{hostImport.Function}: the guest's core type {import.Import.FuncType} is not the host's {hostType}");
            }
        }
        return served;
    }
}
