namespace Capsule.Runtime.Loading;

/// <summary>
/// Reads a guest file, bounded: the path may name a device or a pipe
/// (<c>/dev/zero</c>, <c>&lt;(cat x.wasm)</c>) whose length is unknown and
/// whose end may never come. The first bytes must look like WebAssembly
/// (binary or text) before the rest is read; the whole may not exceed a limit.
/// </summary>
internal static class GuestFile
{
    // WasmFormat.DetectText looks at this much.
    private const int HeadLength = 4096;

    /// <summary>The file's bytes; a <see cref="WasmLoadException"/> naming the cause otherwise.</summary>
    public static byte[] Read(string path, long maxBytes)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new WasmLoadException(path, "is a directory, not a .wasm file");
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (file.CanSeek && file.Length > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }
            var contents = new MemoryStream(file.CanSeek && file.Length > 0 ? (int)file.Length : HeadLength);
            var buffer = new byte[81920];
            var headChecked = false;
            int read;
            while ((read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - contents.Length))) > 0)
            {
                contents.Write(buffer, 0, read);
                if (!headChecked && contents.Length >= HeadLength)
                {
                    CheckHead(path, contents.GetBuffer().AsSpan(0, HeadLength));
                    headChecked = true;
                }
                if (contents.Length > maxBytes)
                {
                    throw TooLarge(path, maxBytes);
                }
            }
            return contents.ToArray();
        }
        catch (FileNotFoundException e)
        {
            throw new WasmLoadException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new WasmLoadException(path, "file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new WasmLoadException(path, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new WasmLoadException(path, $"cannot read: {e.Message}", e);
        }
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
