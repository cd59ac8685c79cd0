namespace Capsule.Hosting.Services.Redis;

/// <summary>The error cases of <c>fermyon:spin/redis@2.0.0</c>, independent of the generated binding.</summary>
public abstract record RedisCallError
{
    /// <summary>The address is not a Redis URL, or the component may not reach it (as Spin answers both).</summary>
    public sealed record InvalidAddress : RedisCallError;

    /// <summary>The instance has too many connections open, or the host too many servers.</summary>
    public sealed record TooManyConnections : RedisCallError;

    /// <summary>A value was not of the type the operation needs (WRONGTYPE, or not an integer).</summary>
    public sealed record TypeError : RedisCallError;

    /// <summary>Anything else, with a short cause.</summary>
    /// <param name="Message">What went wrong.</param>
    public sealed record Other(string Message) : RedisCallError;
}

/// <summary>An outbound Redis call that failed with one of the interface's errors; never a trap.</summary>
/// <param name="error">The case the guest gets.</param>
public sealed class RedisCallException(RedisCallError error) : Exception(error is RedisCallError.Other other ? other.Message : error.GetType().Name)
{
    /// <summary>The case the guest gets.</summary>
    public RedisCallError Error { get; } = error;

    /// <summary>An <see cref="RedisCallError.Other"/> error.</summary>
    public static RedisCallException Other(string message) => new(new RedisCallError.Other(message));
}
