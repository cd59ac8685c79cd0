namespace Capsule.Runtime.Components.Plan;

/// <summary>A component that reads but cannot be planned: a shape the layer does not cover yet, or an inconsistency the reader could not see. One line.</summary>
public sealed class ComponentPlanException(string message) : Exception(message);
