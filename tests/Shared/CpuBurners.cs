using System.Diagnostics;

namespace Capsule.Tests.Shared;

/// <summary>
/// Saturates the machine's CPUs with other processes (2 × the core count of
/// <c>sh -c 'while :; do :; done'</c>), as a limit must hold under load.
/// Dispose kills every one of them (by its own id).
/// </summary>
public sealed class CpuBurners : IDisposable
{
    private readonly List<Process> _processes = [];

    public CpuBurners()
    {
        try
        {
            for (var i = 0; i < 2 * Environment.ProcessorCount; i++)
            {
                var start = new ProcessStartInfo("sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("while :; do :; done");
                _processes.Add(Process.Start(start)!);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        _processes.Clear();
    }
}

/// <summary>
/// Tests that saturate the CPU run alone, after the others: their burners
/// must not slow unrelated tests into their own time limits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuSaturationCollection
{
    public const string Name = "CPU saturated by other processes";
}
