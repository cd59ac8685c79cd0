using Capsule.Wasi.Io;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Wasi.Filesystem;

/// <summary>An input stream reading a file from an offset (read-via-stream). Shares the descriptor's handle.</summary>
internal sealed class FileInputStream(SafeFileHandle handle, ulong offset) : InputStream
{
    private long _offset = (long)offset;

    public override byte[] Read(ulong length) => ReadChunk(length, buffer =>
    {
        try
        {
            var read = RandomAccess.Read(handle, buffer, _offset);
            _offset += read;
            return read;
        }
        catch (ObjectDisposedException e)
        {
            throw StreamException.Failed(e.Message);
        }
    });
}

/// <summary>An output stream writing a file from an offset, or at its end (write-/append-via-stream).</summary>
internal sealed class FileOutputStream(SafeFileHandle handle, ulong offset, bool append) : OutputStream
{
    private long _offset = (long)offset;

    public override void Write(ReadOnlySpan<byte> contents)
    {
        try
        {
            var at = append ? RandomAccess.GetLength(handle) : _offset;
            RandomAccess.Write(handle, contents, at);
            _offset = at + contents.Length;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            throw StreamException.Failed(e.Message);
        }
    }
}
