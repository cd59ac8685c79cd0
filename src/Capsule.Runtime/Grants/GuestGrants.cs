using System.Collections.Immutable;

namespace Capsule.Runtime.Grants;

/// <summary>
/// Everything a guest may use, as one immutable value (decision 5). What is
/// not listed here the guest does not get: no files, no environment, no
/// network. Built once from CLI flags or a manifest; shared across threads.
/// </summary>
public sealed record GuestGrants
{
    /// <summary>Host folders the guest may see.</summary>
    public ImmutableArray<DirectoryMount> Mounts { get; init; } = [];

    /// <summary>Environment variables, in order.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Arguments after the program name.</summary>
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>The program name the guest sees as argv[0].</summary>
    public string ProgramName { get; init; } = "main.wasm";

    /// <summary>Where outbound HTTP may go; empty (the default) denies every host.</summary>
    public ImmutableArray<AllowedHost> AllowedOutboundHosts { get; init; } = [];

    /// <summary>Standard input. Default: empty.</summary>
    public StdinSource Stdin { get; init; } = StdinSource.Empty;

    /// <summary>Memory, time and fuel bounds.</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>
    /// What host features beyond WASI's granted (key-value stores, variables, …), one value per grant
    /// type, set by the feature that reads the manifest key and read by the same feature's Prepare.
    /// </summary>
    public ImmutableDictionary<Type, object> FeatureGrants { get; init; } = ImmutableDictionary<Type, object>.Empty;

    /// <summary>The feature grant of type <typeparamref name="T"/>, or null when none was given.</summary>
    public T? Grant<T>()
        where T : class =>
        FeatureGrants.TryGetValue(typeof(T), out var grant) ? (T)grant : null;

    /// <summary>These grants plus <paramref name="grant"/> (replacing any earlier <typeparamref name="T"/>).</summary>
    public GuestGrants WithGrant<T>(T grant)
        where T : class =>
        this with { FeatureGrants = FeatureGrants.SetItem(typeof(T), grant) };

    /// <summary>Nothing granted, default limits.</summary>
    public static GuestGrants None { get; } = new();
}
