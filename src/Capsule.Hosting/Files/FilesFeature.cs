using Capsule.Runtime.Native;

namespace Capsule.Hosting.Files;

/// <summary>
/// Spin's <c>files</c> and <c>exclude_files</c>: folders of the app mounted read-only, and globbed
/// files gathered into the app's state folder (<c>.capsule/files/&lt;id&gt;</c>) and mounted at /.
/// It serves no interface of its own: wasi:filesystem (<c>Capsule.Wasi.Filesystem</c>) serves the mounts.
/// </summary>
public sealed class FilesFeature : IAppFeature
{
    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = ["files", "exclude_files"];

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
    }

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        var (reader, table, path, directory, _) = component;
        var (mounts, globs) = FilesReader.ReadFiles(reader, table, path, directory);
        var excluded = FilesReader.ReadExcludedFiles(reader, table, path, mounts.Count > 0);
        return mounts.Count + globs.Count == 0 ? grants : grants.WithGrant(new ComponentFiles(mounts, globs, excluded));
    }

    /// <inheritdoc/>
    public IDisposable? ConfigureApp(AppConfiguration app)
    {
        var state = new StateFolder(app.StateDirectory);
        foreach (var id in app.ComponentIds.ToList())
        {
            var grants = app.Grants(id);
            if (grants.Grant<ComponentFiles>() is not { } files)
            {
                continue;
            }
            var mounts = files.Mounts.Select(f => new DirectoryMount(f.HostPath, f.GuestPath, ReadOnly: true)).ToList();
            if (files.Globs.Count > 0)
            {
                mounts.Add(new DirectoryMount(Gather(app, state, id, files), "/", ReadOnly: true));
            }
            app.SetGrants(id, grants with { Mounts = [.. grants.Mounts, .. mounts] });
        }
        return null;
    }

    // Spin mounts globbed files at "/": copy them, keeping their relative paths,
    // into a folder of the app's state so the mount holds exactly those files.
    private static string Gather(AppConfiguration app, StateFolder state, string id, ComponentFiles files)
    {
        var appDirectory = app.Manifest.Directory;
        using var target = state.FreshComponentFolder(id);
        var skip = Path.GetRelativePath(appDirectory, app.StateDirectory).Replace('\\', '/');
        GlobbedFiles.Gather(files, appDirectory, app.Manifest.DisplayName, target, skip.StartsWith("..", StringComparison.Ordinal) ? null : skip);
        return state.ComponentFilesPath(id);
    }
}
