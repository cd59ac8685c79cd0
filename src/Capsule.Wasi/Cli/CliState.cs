using Capsule.Runtime.Grants;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>
/// What wasi:cli gives one instance: its arguments, environment and stdio, and the
/// status it exited with. Disposed with the instance (stdio with it).
/// </summary>
public sealed class CliState(GuestGrants grants, InputStream stdin, OutputStream stdout, OutputStream stderr) : IDisposable
{
    private IReadOnlyList<string>? _arguments;

    /// <summary>argv, program name first (built when the guest first asks: most served requests never do).</summary>
    public IReadOnlyList<string> Arguments => _arguments ??= [grants.ProgramName, .. grants.Arguments];

    /// <summary>The granted environment variables, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment => grants.Environment;

    /// <summary>Standard input.</summary>
    public InputStream Stdin { get; } = stdin;

    /// <summary>Standard output.</summary>
    public OutputStream Stdout { get; } = stdout;

    /// <summary>Standard error.</summary>
    public OutputStream Stderr { get; } = stderr;

    /// <summary>Set when the guest called wasi:cli/exit.</summary>
    public int? ExitStatus { get; set; }

    /// <summary>Releases stdio.</summary>
    public void Dispose()
    {
        Stdin.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
    }
}
