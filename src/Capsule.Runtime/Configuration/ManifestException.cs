using Capsule.Runtime.Diagnostics;

namespace Capsule.Runtime.Configuration;

/// <summary>
/// A manifest is wrong: the message names the file, the line, the key and
/// what was expected, e.g. <c>capsule.toml:9: component.hello.sorce: unknown key (expected one of: source, …)</c>.
/// Also an app folder that cannot be served as it is (its <c>.capsule</c> state folder is a link, …): then only the path.
/// The message is one line: control characters a key or value holds are escaped (<see cref="OneLine"/>).
/// </summary>
public sealed class ManifestException(string file, int? line, string? key, string problem)
    : Exception(OneLine.Escape($"{file}{(line is null ? "" : $":{line}")}: {(key is null ? "" : $"{key}: ")}") + OneLine.Escape(problem, int.MaxValue))
{
    /// <summary>The manifest file as named.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line, when known.</summary>
    public int? Line { get; } = line;

    /// <summary>The key path, e.g. <c>component.hello.source</c>.</summary>
    public string? Key { get; } = key;
}
