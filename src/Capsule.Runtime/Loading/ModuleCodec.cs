using Capsule.Runtime.Artifacts;
using Wasmtime;

namespace Capsule.Runtime.Loading;

/// <summary>Compiles and (de)serializes core modules for the artifact cache.</summary>
internal sealed class ModuleCodec(Wasmtime.Engine engine, string name) : IArtifactCodec<Module>
{
    public Module Compile(byte[] wasm) => Module.FromBytes(engine, name, wasm);

    public byte[] Serialize(Module artifact) => artifact.Serialize();

    public Module DeserializeFile(string path) => Module.DeserializeFile(engine, name, path);
}
