using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>wasi:cli: arguments, environment, exit, stdio, terminals. State: <see cref="CliState"/>.</summary>
public sealed class CliFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        foreach (var iface in CliBindings.Create())
        {
            linker.Define(iface);
        }
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
