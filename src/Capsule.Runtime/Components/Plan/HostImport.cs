using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Components.Plan;

/// <summary>A core import satisfied by the host: a lowering of function <paramref name="Function"/> of imported interface <paramref name="Interface"/>.</summary>
/// <param name="Interface">The import name, e.g. <c>wasi:io/streams@0.2.0</c> (empty for a function imported directly).</param>
/// <param name="Function">The function, e.g. <c>[method]output-stream.write</c>.</param>
/// <param name="Options">The lowering's canonical options.</param>
public sealed record HostImport(string Interface, string Function, CanonOptionsPlan Options);
