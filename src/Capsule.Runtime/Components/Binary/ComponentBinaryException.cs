namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// A component binary that cannot be read: the one error every malformed, truncated or
/// oversized input gives, naming the section, the byte offset in the file and the cause.
/// </summary>
public sealed class ComponentBinaryException : Exception
{
    /// <summary>Creates the error for <paramref name="section"/> at <paramref name="offset"/>.</summary>
    public ComponentBinaryException(string section, long offset, string cause)
        : base($"{section} at byte {offset}: {cause}")
    {
        Section = section;
        Offset = offset;
        Cause = cause;
    }

    /// <summary>Where the reader was: a section name such as <c>canon section</c>, or <c>preamble</c>.</summary>
    public string Section { get; }

    /// <summary>Offset from the start of the outermost binary.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, in one line.</summary>
    public string Cause { get; }
}
