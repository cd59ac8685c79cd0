namespace Capsule.Wit.Bindings;

/// <summary>
/// WIT <c>result&lt;T, E&gt;</c>: either <see cref="Value"/> (ok) or <see cref="Error"/>. A case written
/// without payload has <see cref="Unit"/>. Converts implicitly from either payload, so a host method can
/// <c>return bytes;</c> or <c>return ErrorCode.Access;</c>.
/// </summary>
/// <typeparam name="T">The ok payload.</typeparam>
/// <typeparam name="E">The error payload.</typeparam>
public readonly struct Result<T, E> : IEquatable<Result<T, E>>
{
    private readonly T _value;
    private readonly E _error;

    private Result(bool isOk, T value, E error)
    {
        IsOk = isOk;
        _value = value;
        _error = error;
    }

    /// <summary>True for ok, false for an error.</summary>
    public bool IsOk { get; }

    /// <summary>The ok payload; throws when this is an error.</summary>
    public T Value => IsOk ? _value : throw new InvalidOperationException($"The result is an error: {_error}");

    /// <summary>The error payload; throws when this is ok.</summary>
    public E Error => !IsOk ? _error : throw new InvalidOperationException("The result is ok, not an error.");

    /// <summary>An ok result.</summary>
    public static Result<T, E> Ok(T value) => new(true, value, default!);

    /// <summary>An error result.</summary>
    public static Result<T, E> Err(E error) => new(false, default!, error);

    /// <summary>An ok result.</summary>
    public static implicit operator Result<T, E>(T value) => Ok(value);

    /// <summary>An error result.</summary>
    public static implicit operator Result<T, E>(E error) => Err(error);

    /// <inheritdoc/>
    public bool Equals(Result<T, E> other) =>
        IsOk == other.IsOk && (IsOk
            ? EqualityComparer<T>.Default.Equals(_value, other._value)
            : EqualityComparer<E>.Default.Equals(_error, other._error));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Result<T, E> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        IsOk ? EqualityComparer<T>.Default.GetHashCode(_value!) : ~EqualityComparer<E>.Default.GetHashCode(_error!);

    /// <summary>Equal when both are ok or both errors, with equal payloads.</summary>
    public static bool operator ==(Result<T, E> left, Result<T, E> right) => left.Equals(right);

    /// <summary>Not equal.</summary>
    public static bool operator !=(Result<T, E> left, Result<T, E> right) => !left.Equals(right);

    /// <summary><c>ok(value)</c> or <c>err(error)</c>.</summary>
    public override string ToString() => IsOk ? $"ok({_value})" : $"err({_error})";
}
