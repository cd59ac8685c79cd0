namespace Capsule.Plugins.Extism;

/// <summary>
/// What Extism's manifest says about a plugin, with its meaning: <c>config</c> (read-only values the plugin
/// reads with <c>config_get</c>), <c>allowed_hosts</c> (glob patterns of the hosts <c>http_request</c> may reach;
/// none by default), <c>memory</c> (page limit, largest HTTP response, var store size) and <c>timeout_ms</c>
/// (each call's wall-clock limit). Read from Extism's JSON with <see cref="ExtismManifestReader"/> or built in code.
/// </summary>
public sealed record ExtismManifest
{
    /// <summary>Config values the plugin reads with <c>extism_config_get</c>.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Host patterns <c>http_request</c> may reach (<c>*</c> any characters, <c>?</c> one, as Extism's globs).
    /// Empty (the default): every request is refused.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Memory limits (Extism's <c>memory</c> object).</summary>
    public ExtismMemoryLimits Memory { get; init; } = new();

    /// <summary>Each call's wall-clock limit (<c>timeout_ms</c>); none by default, as in Extism.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Extism's <c>memory</c> limits.</summary>
public sealed record ExtismMemoryLimits
{
    /// <summary>Default memory limit when <see cref="MaxPages"/> is not set: 1 GiB, Capsule's default for a run.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>Default largest HTTP response body, Extism's: 50 MiB.</summary>
    public const long DefaultMaxHttpResponseBytes = 50L << 20;

    /// <summary>Default var store size, Extism's: 1 MiB.</summary>
    public const long DefaultMaxVarBytes = 1L << 20;

    /// <summary>
    /// Most 64 KiB pages the plugin's memory may grow to (<c>max_pages</c>); Extism memory (the kernel's)
    /// has the same bound. Unset: <see cref="DefaultMaxBytes"/>.
    /// </summary>
    public uint? MaxPages { get; init; }

    /// <summary>Largest HTTP response body <c>http_request</c> accepts (<c>max_http_response_bytes</c>).</summary>
    public long MaxHttpResponseBytes { get; init; } = DefaultMaxHttpResponseBytes;

    /// <summary>Most bytes of var keys and values together (<c>max_var_bytes</c>); 0 disables <c>var_set</c>.</summary>
    public long MaxVarBytes { get; init; } = DefaultMaxVarBytes;

    /// <summary>The memory limit in bytes.</summary>
    public long MaxBytes => MaxPages is { } pages ? pages * 65536L : DefaultMaxBytes;
}
