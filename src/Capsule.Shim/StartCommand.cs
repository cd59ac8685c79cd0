using System.Diagnostics;

namespace Capsule.Shim;

/// <summary>
/// <c>start</c>: launches the serving shim process (its own session, so it
/// outlives this one and containerd's signals to it), waits until it listens,
/// then prints the socket address for containerd and exits. The address is also
/// written to the bundle's <c>address</c> file, as containerd's shims do.
/// </summary>
internal static class StartCommand
{
    /// <summary>Runs <c>start</c>; returns the exit code.</summary>
    public static int Run(ShimFlags flags)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the shim cannot find its own executable");
        var start = new ProcessStartInfo(self)
        {
            WorkingDirectory = flags.Bundle,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var arg in flags.ServeArguments())
        {
            start.ArgumentList.Add(arg);
        }
        using var serving = Process.Start(start) ?? throw new InvalidOperationException("the shim could not start its serving process");
        serving.StandardInput.Close();
        // The serving process prints one line once it listens: the address, or "error: ...".
        var line = serving.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("unix://", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"containerd-shim-capsule-v1: the serving process did not start: {line ?? "it exited"}");
            return 1;
        }
        var addressFile = Path.Combine(flags.Bundle, "address");
        File.WriteAllText(addressFile + ".tmp", line);
        File.Move(addressFile + ".tmp", addressFile, overwrite: true);
        Console.Out.Write(line);
        Console.Out.Flush();
        return 0;
    }
}
