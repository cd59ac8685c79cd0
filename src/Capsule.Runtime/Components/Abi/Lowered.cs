namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// A host function as a lowering (<c>canon lower</c> of an imported component function): reads its flat
/// arguments from <paramref name="argsAndResults"/> and writes its flat results over them; a result that
/// does not flatten into one value goes to guest memory at the return pointer the guest passed.
/// Throws <see cref="CanonTrapException"/> (or any exception) to trap the guest.
/// </summary>
public delegate void LoweredHostFunction(ref CanonCall call, Span<ValRaw> argsAndResults);

/// <summary>Everything one imported interface offers to the component layer (the counterpart of <c>HostInterface</c>).</summary>
/// <param name="Name">The interface as a guest imports it, e.g. <c>wasi:io/streams@0.2.12</c>.</param>
public sealed record LoweredInterface(string Name)
{
    /// <summary>Functions by their name in the interface (<c>[method]output-stream.write</c>).</summary>
    public Dictionary<string, LoweredFunction> Functions { get; } = [];

    /// <summary>Host resource types by name.</summary>
    public Dictionary<string, LoweredResource> Resources { get; } = [];
}

/// <summary>One lowered function: its core type (checked against the guest's import at load) and its body.</summary>
public sealed record LoweredFunction(string Name, CoreFuncType CoreType, LoweredHostFunction Call);

/// <summary>A host resource type: its id (the tag of its handles) and its destructor (run when the guest drops an own handle).</summary>
public sealed record LoweredResource(string Name, uint TypeId, Action<InstanceState, uint> Destructor);
