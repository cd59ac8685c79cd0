using System.Collections.Immutable;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Configuration;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>
/// wasi:cli: arguments, environment, exit, stdio, terminals (<see cref="CliHost"/>). Manifest key: <c>environment</c>.
/// State: <see cref="CliState"/>.
/// </summary>
public sealed class CliFeature : IHostFeature, ILoweredHostFeature
{
    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = ["environment"];

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("environment variables", "--env NAME=VALUE", name =>
            name.StartsWith("wasi:cli/environment@", StringComparison.Ordinal) || GrantHintRule.IsPreview1(name, "environ_get", "environ_sizes_get")),
        new("arguments", "-- ARGS...", name =>
            name.StartsWith("wasi:cli/environment@", StringComparison.Ordinal) || GrantHintRule.IsPreview1(name, "args_get", "args_sizes_get")),
        new("standard input", "--stdin inherit|FILE", name =>
            name.StartsWith("wasi:cli/stdin@", StringComparison.Ordinal) || GrantHintRule.IsPreview1(name, "fd_read")),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        linker.Define(EnvironmentImports.Create(CliHost.Of));
        linker.Define(ExitImports.Create(CliHost.Of));
        linker.Define(StdinImports.Create(CliHost.Of));
        linker.Define(StdoutImports.Create(CliHost.Of));
        linker.Define(StderrImports.Create(CliHost.Of));
        linker.Define(TerminalInputImports.Create(CliHost.Of));
        linker.Define(TerminalOutputImports.Create(CliHost.Of));
        linker.Define(TerminalStdinImports.Create(CliHost.Of));
        linker.Define(TerminalStdoutImports.Create(CliHost.Of));
        linker.Define(TerminalStderrImports.Create(CliHost.Of));
    }

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings()
    {
        static CliHost Host(Runtime.Components.Abi.InstanceState abi) => ((InstanceState)abi.Host!).GetOrCreate(static s => new CliHost(s));
        yield return EnvironmentLowerings.Create(Host);
        yield return ExitLowerings.Create(Host);
        yield return StdinLowerings.Create(Host);
        yield return StdoutLowerings.Create(Host);
        yield return StderrLowerings.Create(Host);
        yield return TerminalInputLowerings.Create(Host);
        yield return TerminalOutputLowerings.Create(Host);
        yield return TerminalStdinLowerings.Create(Host);
        yield return TerminalStdoutLowerings.Create(Host);
        yield return TerminalStderrLowerings.Create(Host);
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
        var grants = state.Grants;
        InputStream stdin = grants.Stdin switch
        {
            StdinSource.InheritedStdin => new DotnetInputStream(Console.OpenStandardInput(), ownsStream: true),
            StdinSource.FileStdin file => new DotnetInputStream(File.OpenRead(file.Path), ownsStream: true),
            _ => new EmptyInputStream(),
        };
        var (stdout, stderr) = output switch
        {
            GuestOutput.CallbackOutput callbacks => ((OutputStream)new CallbackOutputStream(callbacks.Stdout), (OutputStream)new CallbackOutputStream(callbacks.Stderr)),
            GuestOutput.DiscardedOutput => (new CallbackOutputStream(_ => { }), new CallbackOutputStream(_ => { })),
            _ => StdioOutput.Pair(),
        };
        state.Set(new CliState(grants, stdin, stdout, stderr));
    }

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        var (reader, table, path, _, _) = component;
        var environment = reader.Table(table, "environment", path, required: false);
        var variables = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var (name, value) in environment.Entries)
        {
            // What execve and the guest's environ could not carry (or would split wrongly).
            var problem = name.Length == 0 ? "a variable name cannot be empty"
                : name.Contains('=') ? "a variable name cannot contain '='"
                : name.Contains('\0') ? "a variable name cannot contain a NUL character"
                : null;
            if (problem is not null)
            {
                throw reader.Error(value, $"{path}.environment.\"{name.Replace("\0", "\\0")}\"", problem);
            }
            if (value is not TomlScalar { Value: string text })
            {
                throw reader.Error(value, $"{path}.environment.{name}", $"expected a string, found {value.Describe()}");
            }
            variables.Add(new(name, text));
        }
        return grants with { Environment = variables.ToImmutable() };
    }
}
