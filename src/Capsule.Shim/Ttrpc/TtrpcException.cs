namespace Capsule.Shim.Ttrpc;

/// <summary>A call that failed with a gRPC status code, sent back as the response's status.</summary>
internal sealed class TtrpcException(StatusCode code, string message) : Exception(message)
{
    /// <summary>The status code the caller sees.</summary>
    public StatusCode Code { get; } = code;
}

/// <summary>The gRPC status codes ttrpc uses (containerd maps them to its errdefs).</summary>
internal enum StatusCode
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>An error with no better code.</summary>
    Unknown = 2,

    /// <summary>A malformed request.</summary>
    InvalidArgument = 3,

    /// <summary>No such task or process.</summary>
    NotFound = 5,

    /// <summary>The task already exists.</summary>
    AlreadyExists = 6,

    /// <summary>The task is not in a state that allows the call.</summary>
    FailedPrecondition = 9,

    /// <summary>The call is not supported by this shim.</summary>
    Unimplemented = 12,
}
