namespace Capsule.Runtime.Artifacts;

/// <summary>Compiles, serializes and deserializes one kind of Wasmtime artifact.</summary>
public interface IArtifactCodec<T>
    where T : class
{
    /// <summary>Compiles wasm bytes; throws <see cref="Wasmtime.WasmtimeException"/> if they are invalid.</summary>
    T Compile(byte[] wasm);

    /// <summary>The precompiled bytes of an artifact.</summary>
    byte[] Serialize(T artifact);

    /// <summary>
    /// Maps the precompiled artifact at the start of <paramref name="path"/>
    /// (not copied: pages are read as code runs); throws
    /// <see cref="Wasmtime.WasmtimeException"/> if Wasmtime rejects it. The file
    /// must not change while the artifact lives.
    /// </summary>
    T DeserializeFile(string path);
}
