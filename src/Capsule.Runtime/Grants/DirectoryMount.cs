namespace Capsule.Runtime.Grants;

/// <summary>
/// A host folder made visible to the guest at <see cref="GuestPath"/>.
/// The guest reaches nothing outside it: Wasmtime's WASI resolves every path
/// beneath the mount (no <c>..</c>, absolute path or symlink leads out).
/// </summary>
/// <param name="HostPath">Absolute path of an existing host folder.</param>
/// <param name="GuestPath">Where the guest sees it, e.g. <c>/data</c>.</param>
/// <param name="ReadOnly">Refuse every write, create, rename and delete.</param>
public sealed record DirectoryMount(string HostPath, string GuestPath, bool ReadOnly);
