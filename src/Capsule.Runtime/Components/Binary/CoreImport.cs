namespace Capsule.Runtime.Components.Binary;

/// <summary>One import of a core module.</summary>
/// <param name="Module">The first name (in a component, the name of an instantiation argument).</param>
/// <param name="Name">The second name (an export of that argument).</param>
/// <param name="Kind">Func, table, memory, global or tag.</param>
/// <param name="FuncType">For a function, its type.</param>
public sealed record CoreImport(string Module, string Name, CoreSort Kind, CoreFunctionType? FuncType);
