namespace Capsule.Hosting.Registry;

/// <summary>What went wrong talking to a registry or reading what it sent, for the exit code.</summary>
public enum RegistryFailure
{
    /// <summary>The reference, the app to push or the artifact pulled cannot be used.</summary>
    BadInput,

    /// <summary>The registry cannot be reached, lacks the tag, repository or a layer, or sent content that does not match its digest.</summary>
    Unavailable,

    /// <summary>The registry wants credentials, or refused the ones given.</summary>
    Unauthorized,
}

/// <summary>A registry operation failed; <see cref="Exception.Message"/> is one line for the user.</summary>
public sealed class RegistryException(RegistryFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The kind of failure.</summary>
    public RegistryFailure Failure { get; } = failure;
}
