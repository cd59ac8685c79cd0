using System.CommandLine;
using Capsule.Hosting.App;
using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Runtime.Configuration;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule up</c>'s options for the app services, Spin's flags: <c>--runtime-config-file</c>,
/// <c>--key-value KEY=VALUE</c> and <c>--sqlite STATEMENT|@file.sql</c>.
/// </summary>
internal sealed class AppServiceArguments
{
    private readonly Option<string?> _runtimeConfig = new("--runtime-config-file")
    {
        Description = "Spin's runtime configuration file: where key-value stores ([key_value_store.<label>] type = \"spin\" with path, or \"redis\" with url) "
            + "and SQLite databases ([sqlite_database.<label>] type = \"spin\" with path) keep their data. Without it, the store and the database "
            + "labelled \"default\" are SQLite files in the app's .capsule folder",
        HelpName = "FILE",
    };

    private readonly Option<KeyValuePair<string, string>[]> _keyValue = new("--key-value")
    {
        Description = "Set KEY to VALUE in the \"default\" key-value store at start-up (repeatable; later ones win)",
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => [.. result.Tokens.Select(t => ParsePair(result, t.Value))],
    };

    private readonly Option<string[]> _sqlite = new("--sqlite")
    {
        Description = "Run a statement (or the statements of @file.sql) on the \"default\" SQLite database at start-up (repeatable, in order)",
        HelpName = "STATEMENT|@FILE",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_runtimeConfig);
        command.Add(_keyValue);
        command.Add(_sqlite);
    }

    /// <summary>The seeds the options give; an unreadable <c>@file.sql</c> is a <see cref="ManifestException"/> naming it.</summary>
    public AppServiceOptions Services(ParseResult parse) =>
        new(parse.GetValue(_keyValue) ?? [], [.. (parse.GetValue(_sqlite) ?? []).Select(ReadStatement)]);

    /// <summary>The runtime configuration file, or null when none is given; its errors name file:line:key.</summary>
    public RuntimeConfigFile? RuntimeConfig(ParseResult parse) =>
        parse.GetValue(_runtimeConfig) is { } path ? RuntimeConfigFile.Load(path, path) : null;

    private static KeyValuePair<string, string> ParsePair(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            result.AddError($"--key-value: '{text}' is not KEY=VALUE");
            return default;
        }
        return new(text[..equals], text[(equals + 1)..]);
    }

    private static string ReadStatement(string argument)
    {
        if (!argument.StartsWith('@'))
        {
            return argument;
        }
        var path = argument[1..];
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(path, null, null, $"--sqlite: cannot read the file ({e.Message})");
        }
    }
}
