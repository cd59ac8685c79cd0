namespace Capsule.Cli;

/// <summary>
/// The exit codes of <c>capsule</c>. A guest's own exit status passes through
/// unchanged; these are the codes the host adds. They follow common
/// conventions: 2 for bad usage or input (as clap and wasmtime do), 124 for a
/// timeout (as timeout(1) does), 134 = 128 + SIGABRT for a trap (as wasmtime does).
/// </summary>
internal static class ExitCodes
{
    /// <summary>Bad usage, or a guest that cannot be loaded (missing, not Wasm, invalid, unsatisfied import).</summary>
    public const int BadInput = 2;

    /// <summary>A registry cannot be reached, lacks the tag or a layer, or sent content that does not match its digest (EX_UNAVAILABLE).</summary>
    public const int RegistryUnavailable = 69;

    /// <summary>A registry wants credentials, or refused the ones saved (EX_NOPERM).</summary>
    public const int RegistryUnauthorized = 77;

    /// <summary>An internal host failure: a Capsule bug, reported with its details.</summary>
    public const int HostError = 70;

    /// <summary>The guest ran past --timeout and was interrupted.</summary>
    public const int Timeout = 124;

    /// <summary>Stopped by SIGINT or SIGTERM before it could finish (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The guest trapped (including running out of --fuel).</summary>
    public const int Trap = 134;

    /// <summary>The text --help shows for these codes.</summary>
    public const string HelpText =
        """
        Exit codes:
          N     the guest's own exit status (0 when _start or run returns normally,
                1 when a component's run returns an error)
          2     bad usage, or the file cannot be loaded: missing, not WebAssembly,
                invalid or truncated, an import Capsule does not provide
          70    internal error in Capsule itself
          124   the guest ran longer than --timeout
          134   the guest trapped (unreachable, out-of-bounds access, stack
                overflow, out of fuel, ...); the trap and backtrace go to stderr
        """;
}
