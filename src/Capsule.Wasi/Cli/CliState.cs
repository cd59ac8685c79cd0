using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>
/// What wasi:cli gives one instance: its arguments, environment and stdio, and the
/// status it exited with. Disposed with the instance (stdio with it).
/// </summary>
public sealed class CliState(GuestGrants grants, InputStream stdin, OutputStream stdout, OutputStream stderr) : IDisposable
{
    private IReadOnlyList<string>? _arguments;
    private IReadOnlyList<(string, string)>? _environment;

    /// <summary>argv, program name first (built when the guest first asks: most served requests never do).</summary>
    public IReadOnlyList<string> Arguments => _arguments ??= [grants.ProgramName, .. grants.Arguments];

    /// <summary>The granted environment variables (name, value), in order (built when the guest first asks).</summary>
    public IReadOnlyList<(string, string)> Environment => _environment ??= BuildEnvironment(grants);

    /// <summary>Standard input.</summary>
    public InputStream Stdin { get; } = stdin;

    /// <summary>Standard output.</summary>
    public OutputStream Stdout { get; } = stdout;

    /// <summary>Standard error.</summary>
    public OutputStream Stderr { get; } = stderr;

    /// <summary>Set when the guest called wasi:cli/exit.</summary>
    public int? ExitStatus { get; set; }

    private static (string, string)[] BuildEnvironment(GuestGrants grants)
    {
        var pairs = new (string, string)[grants.Environment.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (grants.Environment[i].Key, grants.Environment[i].Value);
        }
        return pairs;
    }

    /// <summary>Releases stdio.</summary>
    public void Dispose()
    {
        Stdin.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
    }
}
