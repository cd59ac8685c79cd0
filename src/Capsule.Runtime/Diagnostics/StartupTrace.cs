using System.Diagnostics;

namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Where start-up time goes, for <c>bench/coldstart</c>: with
/// <c>CAPSULE_TRACE_STARTUP=1</c> each <see cref="Mark"/> writes one line to
/// stderr with the milliseconds since the process started. Off otherwise
/// (one static bool check per mark).
/// </summary>
public static class StartupTrace
{
    /// <summary>The environment variable that turns the trace on.</summary>
    public const string EnvironmentVariable = "CAPSULE_TRACE_STARTUP";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";
    private static readonly DateTime ProcessStart = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    /// <summary>Notes that start-up reached <paramref name="stage"/>.</summary>
    public static void Mark(string stage)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"capsule: startup: {(DateTime.UtcNow - ProcessStart).TotalMilliseconds,7:F1} ms {stage}");
        }
    }
}
