using System.Diagnostics;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// An exclusive lock on <c>&lt;entry&gt;.lock</c> held while one process
/// compiles an entry, so that others compiling the same wasm wait and load
/// it instead of compiling it again. It is an OS file lock (flock, through
/// <see cref="FileShare.None"/>): the kernel releases it if the holder dies.
/// The lock file itself stays (deleting it would race with waiters).
/// </summary>
internal sealed class CompileLock : IDisposable
{
    private readonly FileStream _file;

    private CompileLock(FileStream file) => _file = file;

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="limit"/> for another
    /// holder; <paramref name="waiting"/> is called once if it has to wait.
    /// Null if the lock could not be taken (timed out, or the file cannot be
    /// created): the caller compiles anyway, it only costs duplicate work.
    /// </summary>
    public static CompileLock? Acquire(string path, TimeSpan limit, Action waiting)
    {
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                return new CompileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            catch (IOException) when (File.Exists(path) && clock.Elapsed < limit)
            {
                // Held by another process (a sharing violation): wait for it.
                if (!announced)
                {
                    announced = true;
                    waiting();
                }
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
