namespace Capsule.Runtime.Artifacts;

/// <summary>Compiles, serializes and deserializes one kind of Wasmtime artifact.</summary>
public interface IArtifactCodec<T>
    where T : class
{
    /// <summary>Compiles wasm bytes; throws <see cref="Wasmtime.WasmtimeException"/> if they are invalid.</summary>
    T Compile(byte[] wasm);

    /// <summary>The precompiled bytes of an artifact.</summary>
    byte[] Serialize(T artifact);

    /// <summary>Loads precompiled bytes; throws <see cref="Wasmtime.WasmtimeException"/> if Wasmtime rejects them.</summary>
    T Deserialize(ReadOnlySpan<byte> artifact);
}
