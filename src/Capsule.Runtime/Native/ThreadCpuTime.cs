using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// The CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what a guest
/// running on that thread cost, whatever else the machine was doing meanwhile.
/// </summary>
public static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Nanoseconds of CPU the calling thread has used so far; 0 where the clock cannot be read.</summary>
    public static long Nanoseconds() =>
        clock_gettime(ClockThreadCpuTimeId, out var now) == 0 ? (now.Seconds * 1_000_000_000L) + now.Nanoseconds : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
