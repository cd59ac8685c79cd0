using System.Diagnostics;

namespace Capsule.Shim;

/// <summary>
/// <c>start</c>: launches the serving shim process (its own session, so it
/// outlives this one and containerd's signals to it), waits until it listens,
/// then prints the socket address for containerd and exits. The address is also
/// written to the bundle's <c>address</c> file, as containerd's shims do.
/// A pod's network namespace in the bundle's spec is entered with nsenter(1).
/// </summary>
internal static class StartCommand
{
    /// <summary>Runs <c>start</c>; returns the exit code.</summary>
    public static int Run(ShimFlags flags)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the shim cannot find its own executable");
        // A pod's network namespace (the CRI made it): the whole serving process
        // enters it, so the app listens, and calls out, from the pod's network.
        string? netns;
        try
        {
            netns = File.Exists(Path.Combine(flags.Bundle, "config.json")) ? Container.OciSpec.Load(flags.Bundle).NetworkNamespace : null;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"containerd-shim-capsule-v1: {e.Message}");
            return 1;
        }
        var start = new ProcessStartInfo(netns is null ? self : "nsenter")
        {
            WorkingDirectory = flags.Bundle,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            // containerd reads start's output to its end: the serving process must keep none of start's stdio.
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            start.ArgumentList.Add("--net=" + netns);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(self);
        }
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
