namespace Capsule.Hosting.Services.Variables;

/// <summary>A component's <c>variables</c> table as read: its keys and their templates (resolved at start-up).</summary>
public sealed record VariableTemplates(IReadOnlyDictionary<string, Template> Templates);

/// <summary>What an instance reads: component <paramref name="ComponentId"/>'s variables of the app's resolved <paramref name="Variables"/>.</summary>
public sealed record ComponentVariables(AppVariables Variables, string ComponentId);
