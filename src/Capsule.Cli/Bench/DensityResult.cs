namespace Capsule.Cli.Bench;

/// <summary>How many of one form fit in a memory budget: measured with a few running at once, then extrapolated.</summary>
/// <param name="Name">e.g. "runc + busybox httpd", "Capsule (components in one host)".</param>
/// <param name="Form">Wasm, container or process.</param>
/// <param name="Measured">How many ran at once when measured.</param>
/// <param name="EachBytes">Memory of each one (for Capsule: each component added to one host).</param>
/// <param name="BaseBytes">Memory shared by all (Capsule's host process without its components); 0 for the others.</param>
/// <param name="BudgetBytes">The budget.</param>
/// <param name="Fits">floor((budget − base) / median of each): an extrapolation from <paramref name="Measured"/>.</param>
public sealed record DensityResult(string Name, PeerForm Form, int Measured, Samples EachBytes, long BaseBytes, long BudgetBytes, long Fits)
{
    /// <summary>Extrapolates from the samples.</summary>
    public static DensityResult From(string name, PeerForm form, IReadOnlyList<double> each, long baseBytes, long budget)
    {
        var samples = new Samples(each);
        var fits = samples.Count == 0 || samples.Median <= 0 ? 0 : (long)Math.Max(0, Math.Floor((budget - baseBytes) / samples.Median));
        return new(name, form, samples.Count, samples, baseBytes, budget, fits);
    }
}
