namespace Capsule.Wit.Syntax;

/// <summary>A place in a WIT file, kept on syntax so that resolution errors can name it.</summary>
internal readonly record struct SourceSpot(string File, int Line, int Column)
{
    public WitException Error(string reason) => new(File, Line, Column, reason);
}
