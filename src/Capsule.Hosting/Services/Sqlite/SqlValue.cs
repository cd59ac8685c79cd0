namespace Capsule.Hosting.Services.Sqlite;

/// <summary>A value of Spin's <c>sqlite</c> interface: a parameter or a cell. Integers are 64-bit.</summary>
public abstract record SqlValue
{
    private SqlValue()
    {
    }

    /// <summary>A 64-bit integer.</summary>
    public sealed record Integer(long Value) : SqlValue;

    /// <summary>A 64-bit float.</summary>
    public sealed record Real(double Value) : SqlValue;

    /// <summary>UTF-8 text.</summary>
    public sealed record Text(string Value) : SqlValue;

    /// <summary>Bytes (compared by content).</summary>
    public sealed record Blob(byte[] Value) : SqlValue
    {
        /// <inheritdoc/>
        public bool Equals(Blob? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);

        /// <inheritdoc/>
        public override int GetHashCode() => Value.Length;
    }

    /// <summary>SQL NULL.</summary>
    public sealed record Null : SqlValue;
}
