using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// The canonical resource builtins a plan imports, as lowered functions on the instance's
/// <see cref="HandleTable"/>. Host resources get <c>resource.drop</c> (the only builtin the canonical
/// ABI allows on an imported resource); guest-defined resources are refused for now.
/// </summary>
internal static class ResourceBuiltins
{
    private static readonly CoreFuncType DropType = new([CoreValType.I32], []);

    /// <summary>The lowered function for <paramref name="builtin"/>; throws <see cref="ComponentPlanException"/> when it cannot be served.</summary>
    public static LoweredFunction Create(ResourceBuiltin builtin, IReadOnlyDictionary<string, LoweredInterface> host)
    {
        var name = $"[resource-{builtin.Kind.ToString().ToLowerInvariant()}]{builtin.Resource}";
        if (builtin.Interface.Length == 0)
        {
            throw new ComponentPlanException($"{name}: resources defined by the guest are not served by the component layer yet");
        }
        if (builtin.Kind != ResourceBuiltinKind.Drop)
        {
            throw new ComponentPlanException($"{builtin.Interface}#{name}: resource.{builtin.Kind.ToString().ToLowerInvariant()} applies only to resources the guest defines");
        }
        var defined = InterfaceVersions.Match(builtin.Interface, host.Keys)
            ?? throw new ComponentPlanException($"import {builtin.Interface}: the host does not define this interface (or a compatible version)");
        if (!host[defined].Resources.TryGetValue(builtin.Resource, out var resource))
        {
            throw new ComponentPlanException($"import {builtin.Interface}: {defined} has no resource {builtin.Resource}");
        }
        var typeId = resource.TypeId;
        var destructor = resource.Destructor;
        return new LoweredFunction(name, DropType, (ref CanonCall call, Span<ValRaw> args) =>
        {
            var (rep, own) = call.Handles.Drop(args[0].U32, typeId);
            if (own)
            {
                destructor(call.State, rep);
            }
        });
    }
}
