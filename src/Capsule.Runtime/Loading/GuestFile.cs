using Capsule.Runtime.Native;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Runtime.Loading;

/// <summary>
/// Reads a guest file, bounded: the path may name a device or a pipe
/// (<c>/dev/zero</c>, <c>&lt;(cat x.wasm)</c>, a FIFO) whose length is unknown and
/// whose end may never come. The first bytes must look like WebAssembly
/// (binary or text) before the rest is read; the whole may not exceed a limit;
/// a FIFO nobody writes to reads as empty instead of blocking in open(2), and a
/// pipe that sends nothing for <see cref="IdleTimeout"/> is given up on.
/// </summary>
internal static class GuestFile
{
    /// <summary>How long a pipe may send nothing before the read gives up.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    // WasmFormat.DetectText looks at this much.
    private const int HeadLength = 4096;

    // A pipe's bytes are kept in chunks and copied once into an array of the exact
    // size at the end: a doubling buffer peaked at three times the file.
    private const int ChunkLength = 1024 * 1024;

    /// <summary>The file's bytes; a <see cref="WasmLoadException"/> naming the cause otherwise.</summary>
    public static byte[] Read(string path, long maxBytes)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new WasmLoadException(path, "is a directory, not a .wasm file");
            }
            using var file = Descriptors.OpenForReadingNonBlocking(path);
            var status = BeneathFileSystem.Stat(file);
            if (status.IsRegularFile && status.Size > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }
            var contents = ReadChunks(path, file, maxBytes);
            if (contents.Length == 0 && !status.IsRegularFile)
            {
                throw new WasmLoadException(path, "sent nothing: a pipe or FIFO with no writer, not WebAssembly");
            }
            return contents;
        }
        catch (FileSystemErrorException e)
        {
            throw new WasmLoadException(path, e.Errno switch
            {
                Errno.NoEntry or Errno.NotDirectory => "file not found",
                Errno.PermissionDenied => "permission denied",
                _ => $"cannot read: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.Errno)}",
            }, e);
        }
    }

    private static byte[] ReadChunks(string path, SafeFileHandle file, long maxBytes)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        var headChecked = false;
        while (true)
        {
            var chunk = chunks.Count > 0 && total % ChunkLength != 0 ? chunks[^1] : null;
            if (chunk is null)
            {
                chunk = new byte[ChunkLength];
                chunks.Add(chunk);
            }
            var offset = (int)(total % ChunkLength);
            var read = Descriptors.ReadWithin(file, chunk.AsSpan(offset), IdleTimeout);
            if (read < 0)
            {
                throw new WasmLoadException(path, $"sent nothing for {IdleTimeout.TotalSeconds:0} s; gave up reading it");
            }
            if (read == 0)
            {
                break;
            }
            total += read;
            if (!headChecked && total >= HeadLength)
            {
                CheckHead(path, chunks[0].AsSpan(0, HeadLength));
                headChecked = true;
            }
            if (total > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }
        }
        var contents = new byte[total];
        for (var i = 0; i < chunks.Count; i++)
        {
            var start = (long)i * ChunkLength;
            var length = (int)Math.Min(ChunkLength, total - start);
            chunks[i].AsSpan(0, length).CopyTo(contents.AsSpan((int)start));
            chunks[i] = [];
        }
        return contents;
    }

    // Refuses a file that is neither binary nor text WebAssembly as soon as
    // its first bytes say so, without reading (possibly endless) more.
    private static void CheckHead(string path, ReadOnlySpan<byte> head)
    {
        if (WasmFormat.DetectText(head) is null && WasmFormat.DetectBinary(head, out var problem) is null)
        {
            throw new WasmLoadException(path, problem!);
        }
    }

    private static WasmLoadException TooLarge(string path, long maxBytes) =>
        new(path, $"larger than {maxBytes / (1024 * 1024)} MiB, the most Capsule reads of a WebAssembly file");
}
