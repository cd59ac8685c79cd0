namespace Capsule.Hosting.Admission;

/// <summary>What admission knows of one component.</summary>
/// <param name="Id">The component id.</param>
/// <param name="Cost">What one instance takes: one instance, its measured pool footprint, its memory reservation.</param>
/// <param name="MaxConcurrent">At most this many in flight.</param>
/// <param name="Reserved">This many are always kept free for it (its share other components cannot take).</param>
public sealed record ComponentDemand(string Id, AdmissionResources Cost, int MaxConcurrent, int Reserved);
