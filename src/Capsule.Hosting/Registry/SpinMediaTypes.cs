namespace Capsule.Hosting.Registry;

/// <summary>
/// The media types of Spin's app artifacts (spinframework/spin, crates/oci/src/client.rs), so an
/// app pushed by <c>spin registry push</c> pulls here and the reverse.
/// </summary>
internal static class SpinMediaTypes
{
    /// <summary>The layer holding the locked app (Spin's <c>spin.lock</c> JSON).</summary>
    public const string LockedApp = "application/vnd.fermyon.spin.application.v1+config";

    /// <summary>A component's Wasm.</summary>
    public const string Wasm = "application/vnd.wasm.content.layer.v1+wasm";

    /// <summary>A Wasm binary as wkg pushes it; read, never written.</summary>
    public const string WasmWkg = "application/wasm";

    /// <summary>One static file.</summary>
    public const string Data = "application/vnd.wasm.content.layer.v1+data";

    /// <summary>A gzipped tar of a component's static files (Spin's archive layers).</summary>
    public const string Archive = "application/vnd.wasm.content.bundle.v1.tar+gzip";

    /// <summary>The OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>The OCI image config.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>The config label Spin sets to the locked app layer's digest.</summary>
    public const string LockedAppDigestLabel = "com.fermyon.spin.lockedAppDigest";

    /// <summary>Files of at most this many bytes are inlined in the locked app instead of pushed as a layer (Spin's default).</summary>
    public const int InlineMaxBytes = 128;
}
