using Capsule.Runtime.Artifacts;
using Wasmtime.Components;

namespace Capsule.Runtime.Loading;

/// <summary>Compiles and (de)serializes components for the artifact cache.</summary>
internal sealed class ComponentCodec(Wasmtime.Engine engine) : IArtifactCodec<Component>
{
    public Component Compile(byte[] wasm) => Component.FromBytes(engine, wasm);

    public byte[] Serialize(Component artifact) => artifact.Serialize();

    public Component DeserializeFile(string path) => Component.DeserializeFile(engine, path);
}
