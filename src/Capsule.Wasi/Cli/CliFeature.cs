using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Generated.Wasi.Cli.Environment;
using Capsule.Wasi.Generated.Wasi.Cli.Exit;
using Capsule.Wasi.Generated.Wasi.Cli.Stderr;
using Capsule.Wasi.Generated.Wasi.Cli.Stdin;
using Capsule.Wasi.Generated.Wasi.Cli.Stdout;
using Capsule.Wasi.Generated.Wasi.Cli.TerminalInput;
using Capsule.Wasi.Generated.Wasi.Cli.TerminalOutput;
using Capsule.Wasi.Generated.Wasi.Cli.TerminalStderr;
using Capsule.Wasi.Generated.Wasi.Cli.TerminalStdin;
using Capsule.Wasi.Generated.Wasi.Cli.TerminalStdout;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>wasi:cli: arguments, environment, exit, stdio, terminals (<see cref="CliHost"/>). State: <see cref="CliState"/>.</summary>
public sealed class CliFeature : IHostFeature
{
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
            _ => (StdioOutput.Stdout(), StdioOutput.Stderr()),
        };
        state.Set(new CliState(grants, stdin, stdout, stderr));
    }
}
