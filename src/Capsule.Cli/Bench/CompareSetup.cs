namespace Capsule.Cli.Bench;

/// <summary>What <c>capsule bench compare</c> was asked to measure.</summary>
/// <param name="AppLocation">The app folder or manifest capsule up serves.</param>
/// <param name="ComponentSources">The .wasm files of its components.</param>
/// <param name="NeedsBuild">A source is missing: the unmeasured first start passes --build.</param>
/// <param name="Runs">Samples per row (the cold-cache row takes at most 3).</param>
/// <param name="Busybox">The busybox binary, or null when there is none.</param>
/// <param name="Node">The node binary, or null when there is none.</param>
/// <param name="Capsule">How to start capsule.</param>
/// <param name="DensityBudgetBytes">The memory budget density is counted in.</param>
/// <param name="OtherCapsule">capsule built for another CPU (arm64), for the portability row; null: not measured.</param>
public sealed record CompareSetup(
    string AppLocation,
    IReadOnlyList<string> ComponentSources,
    bool NeedsBuild,
    int Runs,
    string? Busybox,
    string? Node,
    CapsuleCommandLine Capsule,
    long DensityBudgetBytes,
    string? OtherCapsule = null)
{
    /// <summary>The cold-cache row compiles every component at every start: a few samples are enough.</summary>
    public const int ColdCacheRuns = 3;
}
