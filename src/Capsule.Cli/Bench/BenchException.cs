namespace Capsule.Cli.Bench;

/// <summary>A measurement that could not be taken, with the cause in words for the user.</summary>
public sealed class BenchException(string message) : Exception(message);
