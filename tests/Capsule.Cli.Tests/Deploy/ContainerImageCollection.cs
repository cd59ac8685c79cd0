namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// Tests that build deploy/image/out/capsule with scripts/build-image.sh and run runc
/// containers of it: one at a time, so two builds never write the same layout at once.
/// </summary>
public sealed class ContainerImageCollection
{
    public const string Name = "container image builds";
}
