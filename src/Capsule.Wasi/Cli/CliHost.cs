using System.Diagnostics.CodeAnalysis;
using InputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.InputStream;
using OutputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.OutputStream;

namespace Capsule.Wasi.Cli;

/// <summary>
/// wasi:cli for one instance, from its <see cref="CliState"/>: environment, exit, stdio, and
/// terminals (there is never a terminal). Made on the instance's first wasi:cli call.
/// </summary>
internal sealed class CliHost(InstanceState state)
    : IEnvironment, IExit, IStdin, IStdout, IStderr,
      ITerminalInput, ITerminalInputHost, ITerminalOutput, ITerminalOutputHost, ITerminalStdin, ITerminalStdout, ITerminalStderr
{
    /// <summary>The cli host of the instance in <paramref name="store"/> (made on first use).</summary>
    public static CliHost Of(ComponentStore store) => store.State.GetOrCreate(static s => new CliHost(s));

    private CliState Cli => state.Get<CliState>();

    ITerminalInputHost ITerminalInput.TerminalInput => this;

    ITerminalOutputHost ITerminalOutput.TerminalOutput => this;

    /// <inheritdoc/>
    public IReadOnlyList<(string, string)> GetEnvironment() => Cli.Environment;

    /// <inheritdoc/>
    public IReadOnlyList<string> GetArguments() => Cli.Arguments;

    /// <summary>None: no working directory is granted; the guest resolves paths against its preopens.</summary>
    public string? InitialCwd() => null;

    /// <inheritdoc/>
    [DoesNotReturn]
    public void Exit(Result<Unit, Unit> status) => ExitWith(status.IsOk ? 0 : 1);

    /// <inheritdoc/>
    [DoesNotReturn]
    public void ExitWithCode(byte statusCode) => ExitWith(statusCode);

    /// <inheritdoc/>
    public Resource<InputStreamResource> GetStdin() => new(state.Table.Add(new SharedInput(Cli.Stdin)));

    /// <inheritdoc/>
    public Resource<OutputStreamResource> GetStdout() => new(state.Table.Add(new SharedOutput(Cli.Stdout)));

    /// <inheritdoc/>
    public Resource<OutputStreamResource> GetStderr() => new(state.Table.Add(new SharedOutput(Cli.Stderr)));

    /// <inheritdoc/>
    public Resource<TerminalInput>? GetTerminalStdin() => null;

    /// <inheritdoc/>
    public Resource<TerminalOutput>? GetTerminalStdout() => null;

    /// <inheritdoc/>
    public Resource<TerminalOutput>? GetTerminalStderr() => null;

    /// <inheritdoc/>
    public void Drop(Resource<TerminalInput> self) => state.Table.Delete(self.Handle);

    /// <inheritdoc/>
    public void Drop(Resource<TerminalOutput> self) => state.Table.Delete(self.Handle);

    // Unwinds the guest (its call traps); the runner reports the status as the exit code.
    [DoesNotReturn]
    private void ExitWith(int status)
    {
        Cli.ExitStatus = status;
        throw new WasiExitException(status);
    }
}
