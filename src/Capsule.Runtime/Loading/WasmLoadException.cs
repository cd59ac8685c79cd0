namespace Capsule.Runtime.Loading;

/// <summary>
/// A guest could not be loaded: missing file, not Wasm, invalid, truncated,
/// or an import Capsule cannot satisfy. The message names the file and the cause.
/// </summary>
public sealed class WasmLoadException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> with a one-line <paramref name="cause"/>.</summary>
    public WasmLoadException(string path, string cause, Exception? inner = null)
        : base($"{path}: {cause}", inner)
    {
        Path = path;
        Cause = cause;
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, in one line.</summary>
    public string Cause { get; }
}
