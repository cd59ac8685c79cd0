namespace Capsule.Runtime.Native;

/// <summary>
/// A host function of a component import. Read <paramref name="args"/>, write
/// every value of <paramref name="results"/>. Throwing traps the guest (the
/// exception is kept on <see cref="ComponentStore.LastHostException"/>); it
/// never unwinds into native code.
/// </summary>
/// <param name="store">The calling store; its <see cref="ComponentStore.State"/> is the per-instance state.</param>
/// <param name="args">The arguments, owned by Wasmtime.</param>
/// <param name="results">The results to write, freed by Wasmtime after the call.</param>
public delegate void HostFunction(ComponentStore store, ValSpan args, ValSpan results);

/// <summary>Called when the guest drops its last handle to a host resource: release <paramref name="rep"/>.</summary>
public delegate void ResourceDestructor(ComponentStore store, uint rep);

/// <summary>One imported interface a host provides: its functions and resource types.</summary>
/// <param name="Name">The interface's full name, e.g. <c>wasi:io/streams@0.2.12</c>.</param>
public sealed record HostInterface(string Name)
{
    /// <summary>Functions by name (e.g. <c>[method]output-stream.write</c>).</summary>
    public Dictionary<string, HostFunction> Functions { get; } = [];

    /// <summary>Resource types by name, with their host type id and destructor.</summary>
    public Dictionary<string, (uint TypeId, ResourceDestructor Destructor)> Resources { get; } = [];
}
