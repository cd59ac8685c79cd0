namespace Capsule.Runtime.Inspection;

/// <summary>One import or export.</summary>
/// <param name="Name">For modules <c>module::name</c>; for components the WIT name, e.g. <c>wasi:http/incoming-handler@0.2.10</c>.</param>
/// <param name="Kind">func, memory, table, global, tag; or instance, component, module, type, resource.</param>
/// <param name="Members">For a component instance: its functions and resources.</param>
public sealed record WasmItem(string Name, string Kind, IReadOnlyList<string> Members);
