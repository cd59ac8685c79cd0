using Capsule.Runtime.Loading;

namespace Capsule.Hosting.App;

/// <summary>A component ready to serve: its compiled code and its grants. Shared by every request.</summary>
/// <param name="Id">The manifest id.</param>
/// <param name="Guest">The compiled component.</param>
/// <param name="Grants">What each of its instances gets.</param>
/// <param name="Reuse">Whether and how long its instances are kept for later requests; null: a fresh instance per request.</param>
/// <param name="Wagi">For a route of a WAGI trigger: the executor's settings (the guest is a core module); null: wasi:http.</param>
public sealed record ServedComponent(string Id, LoadedGuest Guest, GuestGrants Grants, Manifest.InstanceReuse? Reuse = null, Manifest.WagiExecutor? Wagi = null);
