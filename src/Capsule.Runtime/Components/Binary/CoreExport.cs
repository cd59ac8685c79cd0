namespace Capsule.Runtime.Components.Binary;

/// <summary>One export of a core module.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Kind">Func, table, memory, global or tag.</param>
/// <param name="Index">Index in the module's space of that kind.</param>
/// <param name="FuncType">For a function, its type (null when the module's sections do not say).</param>
public sealed record CoreExport(string Name, CoreSort Kind, uint Index, CoreFunctionType? FuncType);
