using Capsule.Wasi.Generated.Wasi.Filesystem.Types;

namespace Capsule.Wasi.Filesystem;

/// <summary>wasi:filesystem over the granted folders only. State: <see cref="FilesystemState"/> when something is mounted.</summary>
public sealed class FilesystemFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature
{
    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("files", "--dir HOST[::GUEST][:ro]", name =>
            name.StartsWith("wasi:filesystem/", StringComparison.Ordinal)
            || GrantHintRule.IsPreview1(name, "path_open", "fd_readdir", "fd_prestat_get", "path_create_directory", "path_unlink_file")),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        linker.Define(TypesImports.Create(static store => Host(store.State)));
        linker.Define(PreopensImports.Create(static store => Host(store.State)));
    }

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        TypesLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        PreopensLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
    ];

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
        // Most served components mount nothing: they get no state at all.
        if (!state.Grants.Mounts.IsEmpty)
        {
            state.Set(new FilesystemState(state.Grants));
        }
    }

    // Made at the instance's first filesystem call: most instances never make one.
    private static FilesystemHost Host(InstanceState state) => state.GetOrCreate(static s => new FilesystemHost(s));
}
