using Capsule.Hosting.Testing;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// Calls <c>func() -> u32</c> exports of a component in text (tests/guests/wat-components) on both layers, with a
/// feature test kit's host and grants: on the component layer (the kit's features' lowerings) and on Wasmtime's
/// component API (the kit's linker), each in a fresh instance.
/// </summary>
internal static class CoreLayerCalls
{
    public static string GuestPath(string file) => Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", file);

    /// <summary>The results of <paramref name="exports"/>, called in order on one instance of the component layer.</summary>
    public static uint[] OnCoreLayer(FeatureTestKit kit, string file, GuestGrants grants, params string[] exports)
    {
        var binary = Wasmtime.Module.ConvertText(File.ReadAllText(GuestPath(file))).ToArray();
        using var core = CoreComponent.Load(kit.Engine, binary, kit.Host.Lowerings);
        using var deadline = new RunDeadline(grants.Limits.Timeout);
        using var state = new Runtime.Features.InstanceState(grants, deadline);
        foreach (var feature in kit.Host.Features)
        {
            feature.Prepare(state, GuestOutput.Discard);
        }
        using var store = new CoreStore(kit.Engine, grants.Limits, deadline);
        store.InstanceState.Host = state;
        var instance = core.Instantiate(store);
        var results = new uint[exports.Length];
        for (var i = 0; i < exports.Length; i++)
        {
            var call = instance.Call(exports[i], new([], [CoreValType.I32]));
            Span<ValRaw> slots = [default];
            call.Invoke(slots);
            call.Finish(slots);
            results[i] = slots[0].U32;
        }
        return results;
    }

    /// <summary>The same on Wasmtime's component API.</summary>
    public static uint[] OnComponentApi(FeatureTestKit kit, string file, GuestGrants grants, params string[] exports)
    {
        using var instance = kit.Instantiate(GuestPath(file), grants);
        return [.. exports.Select(name => instance.Instance.Call(null, name, 0, null, 1, results => results[0].U32))];
    }
}
