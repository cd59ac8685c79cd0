namespace Capsule.Runtime.Running;

/// <summary>Where a guest's stdout and stderr go.</summary>
public abstract record GuestOutput
{
    /// <summary>The host process's own stdout and stderr, written through as the guest writes.</summary>
    public static GuestOutput Inherit { get; } = new InheritedOutput();

    /// <summary>Writes are discarded (what a benchmark or a silent plugin wants).</summary>
    public static GuestOutput Discard { get; } = new DiscardedOutput();

    /// <summary>Each write goes to a callback, on the thread running the guest.</summary>
    public static GuestOutput ToCallbacks(Action<ReadOnlySpan<byte>> stdout, Action<ReadOnlySpan<byte>> stderr) =>
        new CallbackOutput(stdout, stderr);

    /// <summary>Inherit the host's streams.</summary>
    public sealed record InheritedOutput : GuestOutput;

    /// <summary>Discard writes.</summary>
    public sealed record DiscardedOutput : GuestOutput;

    /// <summary>Deliver writes to callbacks.</summary>
    /// <param name="Stdout">Receives stdout writes.</param>
    /// <param name="Stderr">Receives stderr writes.</param>
    public sealed record CallbackOutput(Action<ReadOnlySpan<byte>> Stdout, Action<ReadOnlySpan<byte>> Stderr) : GuestOutput;
}
