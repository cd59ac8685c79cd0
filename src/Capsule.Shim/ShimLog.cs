namespace Capsule.Shim;

/// <summary>
/// The shim's own diagnostics (not the app's output, which goes to the task's
/// stdout/stderr): the <c>log</c> fifo containerd makes in the bundle and reads
/// into its own log, else stderr.
/// </summary>
internal static class ShimLog
{
    private static readonly Lock Gate = new();
    private static TextWriter _writer = Console.Error;

    /// <summary>Writes to the bundle's <c>log</c> fifo from now on, when containerd made one.</summary>
    public static void UseBundleLog(string bundle)
    {
        var path = Path.Combine(bundle, "log");
        if (!File.Exists(path))
        {
            return;
        }
        var fd = Native.Libc.Open(path, Native.Libc.ORdwr);
        if (fd >= 0)
        {
            var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 1);
            lock (Gate)
            {
                _writer = new StreamWriter(stream) { AutoFlush = true };
            }
        }
    }

    /// <summary>One line: time, level, what.</summary>
    public static void Write(string level, string message)
    {
        lock (Gate)
        {
            try
            {
                _writer.WriteLine($"time=\"{DateTime.UtcNow:O}\" level={level} msg=\"{message.Replace("\"", "'", StringComparison.Ordinal)}\" runtime=io.containerd.capsule.v1");
            }
            catch (IOException)
            {
                // containerd stopped reading the log: diagnostics are not worth blocking on.
            }
        }
    }
}
