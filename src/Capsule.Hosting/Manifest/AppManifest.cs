using Capsule.Hosting.Files;

namespace Capsule.Hosting.Manifest;

/// <summary>A validated <c>capsule.toml</c>: the application, its HTTP routes and its components.</summary>
/// <param name="Path">The manifest file.</param>
/// <param name="Application">The [application] table.</param>
/// <param name="HttpTriggers">The [[trigger.http]] entries, in order.</param>
/// <param name="Components">The [component.&lt;id&gt;] tables by id.</param>
/// <param name="DisplayName">The manifest as the user named it, for messages.</param>
/// <param name="Root">The whole manifest, for the app features' top-level tables (<see cref="App.IAppFeature.AppKeys"/>).</param>
public sealed record AppManifest(
    string Path,
    ApplicationInfo Application,
    IReadOnlyList<HttpTrigger> HttpTriggers,
    IReadOnlyDictionary<string, ComponentManifest> Components,
    string DisplayName,
    TomlMap Root)
{
    /// <summary>The [[trigger.cron]] entries, in order.</summary>
    public IReadOnlyList<CronTrigger> CronTriggers { get; init; } = [];

    /// <summary>The [[trigger.redis]] entries, in order.</summary>
    public IReadOnlyList<RedisTrigger> RedisTriggers { get; init; } = [];

    /// <summary>The folder relative paths in the manifest are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;
}

/// <summary>[application].</summary>
/// <param name="Name">Required.</param>
/// <param name="Version">Optional.</param>
/// <param name="Description">Optional.</param>
public sealed record ApplicationInfo(string Name, string? Version, string? Description);

/// <summary>One [[trigger.http]]: a route served by a component.</summary>
/// <param name="Route">e.g. <c>/hello</c>, <c>/users/:id</c>, <c>/api/...</c>.</param>
/// <param name="Component">The component id.</param>
/// <param name="Line">Where it is written, for messages.</param>
/// <param name="Wagi">The WAGI executor's settings (<c>executor = { type = "wagi" }</c>); null: wasi:http, the default.</param>
public sealed record HttpTrigger(string Route, string Component, int Line, WagiExecutor? Wagi = null);

/// <summary>A file grant: a host folder mounted at a guest path, read-only.</summary>
/// <param name="HostPath">Absolute host folder.</param>
/// <param name="GuestPath">Where the guest sees it.</param>
public sealed record FileMount(string HostPath, string GuestPath);

/// <summary>A files glob, relative to the app folder, with where it is written for messages.</summary>
/// <param name="Pattern">e.g. <c>static/**/*</c>; never absolute, never with "..".</param>
/// <param name="Key">e.g. <c>component.site.files[0]</c>.</param>
/// <param name="Line">The line it is written on.</param>
public sealed record FileGlob(string Pattern, string Key, int Line);

/// <summary>One [component.&lt;id&gt;].</summary>
/// <param name="Id">The id.</param>
/// <param name="Source">Absolute path of the .wasm.</param>
/// <param name="SourceLine">Where source is written.</param>
/// <param name="FeatureGrants">What the host features' keys grant (files, environment, allowed_outbound_hosts, …): the component's grants before the host adds its own.</param>
/// <param name="Limits">Memory and time bounds per request.</param>
/// <param name="Build">How to build the source (Spin's [component.id.build]), if given.</param>
/// <param name="Concurrency">Admission limits from [component.id.limits]; none given: the server's defaults.</param>
/// <param name="Reuse">Instance reuse (instance_reuse); null: a fresh instance per request, the default.</param>
public sealed record ComponentManifest(
    string Id,
    string Source,
    int SourceLine,
    GuestGrants FeatureGrants,
    ResourceLimits Limits,
    BuildCommand? Build,
    ConcurrencyLimits? Concurrency = null,
    InstanceReuse? Reuse = null)
{
    private ComponentFiles FilesGrant => FeatureGrants.Grant<ComponentFiles>() ?? ComponentFiles.None;

    /// <summary>Folders mounted read-only (<c>files = [{ source, destination }]</c>).</summary>
    public IReadOnlyList<FileMount> Files => FilesGrant.Mounts;

    /// <summary>Glob patterns relative to the manifest folder; what they match is copied and mounted at /.</summary>
    public IReadOnlyList<FileGlob> FileGlobs => FilesGrant.Globs;

    /// <summary><c>exclude_files</c>: globs removed from what <see cref="FileGlobs"/> matched.</summary>
    public IReadOnlyList<string> ExcludedFileGlobs => FilesGrant.Excluded;
}

/// <summary>
/// How many instances of a component may run at once (admission control,
/// <c>[component.id.limits]</c> <c>max_concurrent</c> and <c>reserved_concurrent</c>).
/// </summary>
/// <param name="MaxConcurrent">At most this many in flight; null: the server's default.</param>
/// <param name="ReservedConcurrent">This many are kept free for it whatever other components do; null: the server's default share.</param>
/// <param name="Line">Where the limits table is written, for messages.</param>
public sealed record ConcurrencyLimits(int? MaxConcurrent, int? ReservedConcurrent, int Line);

/// <summary>A component's build step.</summary>
/// <param name="Commands">Run in order, each with sh -c; the first to fail stops the build.</param>
/// <param name="WorkingDirectory">Absolute folder to run them in (inside the app folder).</param>
/// <param name="Line">Where command is written.</param>
public sealed record BuildCommand(IReadOnlyList<string> Commands, string WorkingDirectory, int Line)
{
    /// <summary>Globs, relative to <see cref="WorkingDirectory"/>, whose changes rebuild the component (<c>capsule up --watch</c>).</summary>
    public IReadOnlyList<string> Watch { get; init; } = [];
}
