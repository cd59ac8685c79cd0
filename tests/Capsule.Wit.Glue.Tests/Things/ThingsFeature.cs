using Capsule.Runtime.Configuration;
using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Test.Things;

namespace Capsule.Wit.Glue.Tests;

/// <summary>
/// A test-only host feature: capsule:test/things (a resource, records, variants, lists, …) as a feature is
/// written — this folder, plus one registration line where a host is made. Manifest key: <c>things_suffix</c>.
/// </summary>
internal sealed class ThingsFeature : IHostFeature
{
    public IReadOnlyList<string> ComponentKeys { get; } = ["things_suffix"];

    // One host object per instance, made on its first call to the interface.
    public void Link(HostLinker linker) =>
        linker.Define(ThingsImports.Create(store => store.State.GetOrCreate(static state => new ThingsHost(state.Grants.Grant<ThingsGrant>()?.Suffix ?? ""))));

    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants) =>
        component.Reader.String(component.Table, "things_suffix", component.Path, required: false) is { } suffix
            ? grants.WithGrant(new ThingsGrant(suffix))
            : grants;
}

/// <summary>What <c>things_suffix</c> granted: appended to every string the host upper-cases.</summary>
internal sealed record ThingsGrant(string Suffix);
