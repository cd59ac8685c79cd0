using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Capsule.Runtime.Engine;

/// <summary>
/// Identifies the code an engine produces: Wasmtime's version, the platform
/// and every engine setting. Artifacts compiled under one fingerprint are
/// never loaded under another.
/// </summary>
public static class EngineFingerprint
{
    /// <summary>The Wasmtime version this build links (the pinned NuGet package).</summary>
    public static string WasmtimeVersion { get; } =
        typeof(Wasmtime.Engine).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>A short hex digest of version, platform and settings.</summary>
    public static string Compute(EngineSettings settings)
    {
        // A record's ToString lists every property with its value, so a new
        // setting joins the fingerprint without anyone remembering to add it.
        var text = $"wasmtime {WasmtimeVersion}; {RuntimeInformation.RuntimeIdentifier}; {settings}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
