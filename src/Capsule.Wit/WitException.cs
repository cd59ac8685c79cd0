namespace Capsule.Wit;

/// <summary>
/// A WIT text that cannot be read or resolved. The message starts with
/// <c>file:line:column:</c> and says what was expected or what is wrong.
/// </summary>
public sealed class WitException : Exception
{
    /// <summary>Creates the error for a place in a file.</summary>
    public WitException(string file, int line, int column, string reason)
        : base($"{file}:{line}:{column}: {reason}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file the error is in, as given to the reader.</summary>
    public string File { get; }

    /// <summary>The line, from 1.</summary>
    public int Line { get; }

    /// <summary>The column, from 1, counted in characters.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }
}
