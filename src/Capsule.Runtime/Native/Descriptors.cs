using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// Plain file-descriptor calls .NET's streams do not make the way a Unix tool must:
/// writes at the descriptor's own offset (shared with every process and descriptor
/// that has the same open file, as <c>2&gt;&amp;1</c> and <c>(a; b) &gt; f</c> rely on),
/// and reads that never block on a FIFO nobody writes to.
/// </summary>
public static unsafe partial class Descriptors
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int ORDONLY = 0;
    private const int ONONBLOCK = 0x800;
    private const int OCLOEXEC = 0x80000;
    private const short POLLIN = 1;

    /// <summary>
    /// Writes all of <paramref name="data"/> to <paramref name="fd"/> with write(2), so the bytes land
    /// at the open file's current offset (FileStream uses pwrite at an offset of its own, which overwrites
    /// what another descriptor of the same file wrote). Returns 0, or the errno of the failed write.
    /// </summary>
    public static int WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var offset = 0;
            while (offset < data.Length)
            {
                var written = write(fd, start + offset, (nuint)(data.Length - offset));
                if (written < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }
                    return errno;
                }
                offset += (int)written;
            }
            return 0;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without blocking in open(2): a FIFO with no writer
    /// opens at once (and reads as empty) instead of waiting for one forever.
    /// </summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForReadingNonBlocking(string path)
    {
        var fd = open(path, ORDONLY | ONONBLOCK | OCLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new FileSystemErrorException(errno, $"open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>'s length from a non-blocking descriptor, waiting at most
    /// <paramref name="idleTimeout"/> for bytes to come. Returns the count (0 at the end), or -1 when
    /// nothing came in time.
    /// </summary>
    public static int ReadWithin(Microsoft.Win32.SafeHandles.SafeFileHandle file, Span<byte> buffer, TimeSpan idleTimeout)
    {
        var fd = (int)file.DangerousGetHandle();
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var count = read(fd, start, (nuint)buffer.Length);
                if (count >= 0)
                {
                    return (int)count;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }
                if (errno != EAGAIN)
                {
                    throw new FileSystemErrorException(errno, Marshal.GetPInvokeErrorMessage(errno));
                }
                var pollFd = new PollFd { Fd = fd, Events = POLLIN };
                var ready = poll(&pollFd, 1, (int)Math.Min(int.MaxValue, idleTimeout.TotalMilliseconds));
                if (ready == 0)
                {
                    return -1;
                }
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);
}
