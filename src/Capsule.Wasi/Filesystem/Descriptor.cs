using Capsule.Wasi.Clocks;
using Capsule.Wasi.Io;
using Microsoft.Win32.SafeHandles;
using static Capsule.Runtime.Native.BeneathFileSystem;
using ErrorCode = Capsule.Wasi.Generated.Wasi.Filesystem.Types.ErrorCode;

namespace Capsule.Wasi.Filesystem;

/// <summary>
/// wasi:filesystem descriptor: an open folder or file of a granted mount.
/// Every path is resolved beneath this descriptor's folder by the kernel
/// (openat2 RESOLVE_BENEATH), so nothing outside the mount is reachable;
/// a descriptor of a read-only mount refuses every change. Failures throw
/// <see cref="FilesystemError"/>.
/// </summary>
public sealed partial class Descriptor : IDisposable
{
    private readonly SafeFileHandle _handle;

    private Descriptor(SafeFileHandle handle, bool isDirectory, DescriptorFlags flags, bool mountWritable)
    {
        _handle = handle;
        IsDirectory = isDirectory;
        Flags = flags;
        MountWritable = mountWritable;
    }

    /// <summary>Whether this is a folder.</summary>
    public bool IsDirectory { get; }

    /// <summary>What the guest may do through this descriptor.</summary>
    public DescriptorFlags Flags { get; }

    /// <summary>Whether the mount it belongs to was granted read-write.</summary>
    public bool MountWritable { get; }

    /// <summary>Opens a granted folder as a preopen.</summary>
    public static Descriptor OpenPreopen(DirectoryMount mount)
    {
        var flags = DescriptorFlags.Read | (mount.ReadOnly ? DescriptorFlags.None : DescriptorFlags.MutateDirectory);
        return new Descriptor(OpenDirectory(mount.HostPath), isDirectory: true, flags, !mount.ReadOnly);
    }

    /// <summary>open-at: opens <paramref name="path"/> beneath this folder.</summary>
    public Descriptor OpenAt(bool followSymlinks, string path, OpenFlags open, DescriptorFlags requested) => Guard(() =>
    {
        RequireDirectory();
        if ((requested & (DescriptorFlags.FileIntegritySync | DescriptorFlags.DataIntegritySync | DescriptorFlags.RequestedWriteSync)) != 0)
        {
            // As wasmtime: synchronized writes are not offered (a preview-1 guest then opens without them).
            throw new FilesystemError(ErrorCode.Unsupported, $"{path}: synchronized I/O flags are not supported");
        }
        if (open.HasFlag(OpenFlags.Directory) && (open & (OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.Truncate)) != 0)
        {
            throw new FilesystemError(ErrorCode.Invalid, $"{path}: a folder cannot be created, or truncated, by open-at");
        }
        // Creating or truncating writes; a descriptor not opened for writing is opened for reading.
        var write = requested.HasFlag(DescriptorFlags.Write) || open.HasFlag(OpenFlags.Create) || open.HasFlag(OpenFlags.Truncate);
        var read = requested.HasFlag(DescriptorFlags.Read) || !requested.HasFlag(DescriptorFlags.Write);
        if ((write || requested.HasFlag(DescriptorFlags.MutateDirectory)) && !MountWritable)
        {
            throw new FilesystemError(ErrorCode.NotPermitted, $"{path}: the mount is read-only");
        }
        if (requested.HasFlag(DescriptorFlags.MutateDirectory) && !Flags.HasFlag(DescriptorFlags.MutateDirectory))
        {
            throw new FilesystemError(ErrorCode.NotPermitted, $"{path}: the folder may not be changed");
        }
        var flags = write ? (read ? ReadWrite : WriteOnly) : ReadOnly;
        flags |= (open.HasFlag(OpenFlags.Create) ? Create : 0) | (open.HasFlag(OpenFlags.Exclusive) ? Exclusive : 0)
            | (open.HasFlag(OpenFlags.Truncate) ? Truncate : 0) | (followSymlinks ? 0 : NoFollow)
            // The kernel refuses a non-folder itself: a FIFO asked for as a folder is never opened (that would block).
            | (open.HasFlag(OpenFlags.Directory) ? MustBeDirectory : 0);
        var handle = OpenBeneath(_handle, GuestPath.Checked(path), flags);
        var isDirectory = TypeOf(BeneathFileSystem.Stat(handle).Mode) == "directory";
        if (!isDirectory && open.HasFlag(OpenFlags.Directory))
        {
            handle.Dispose();
            throw new FilesystemError(ErrorCode.NotDirectory, path);
        }
        var granted = (read ? DescriptorFlags.Read : DescriptorFlags.None) | (write ? DescriptorFlags.Write : DescriptorFlags.None)
            | (requested & DescriptorFlags.MutateDirectory)
            | (isDirectory ? Flags & DescriptorFlags.MutateDirectory : DescriptorFlags.None);
        return new Descriptor(handle, isDirectory, granted, MountWritable);
    });

    /// <summary>get-flags.</summary>
    public DescriptorFlags GetFlags() => Flags;

    /// <summary>get-type: the descriptor-type case name.</summary>
    public string GetType_() => Guard(() => TypeOf(BeneathFileSystem.Stat(_handle).Mode));

    /// <summary>stat.</summary>
    public DescriptorStat Stat() => Guard(() => ToStat(BeneathFileSystem.Stat(_handle)));

    /// <summary>stat-at: the status of <paramref name="path"/> beneath this folder.</summary>
    public DescriptorStat StatAt(bool followSymlinks, string path) => Guard(() => ToStat(StatusAt(followSymlinks, path)));

    /// <summary>read: up to <paramref name="length"/> bytes at <paramref name="offset"/>, and whether the end was reached.</summary>
    public (byte[] Bytes, bool End) Read(ulong length, ulong offset) => Guard(() =>
    {
        RequireFile(DescriptorFlags.Read);
        var buffer = new byte[(int)Math.Min(length, 1 << 20)];
        var read = RandomAccess.Read(_handle, buffer, (long)offset);
        return (buffer[..read], read < buffer.Length || read == 0);
    });

    /// <summary>write: writes <paramref name="bytes"/> at <paramref name="offset"/>.</summary>
    public ulong Write(ReadOnlySpan<byte> bytes, ulong offset)
    {
        try
        {
            RequireFile(DescriptorFlags.Write);
            RandomAccess.Write(_handle, bytes, (long)offset);
            return (ulong)bytes.Length;
        }
        catch (Exception e)
        {
            throw FilesystemError.From(e);
        }
    }

    /// <summary>read-via-stream: an input stream from <paramref name="offset"/>.</summary>
    public InputStream ReadViaStream(ulong offset) => Guard<InputStream>(() =>
    {
        RequireFile(DescriptorFlags.Read);
        return new FileInputStream(_handle, offset);
    });

    /// <summary>write-via-stream: an output stream from <paramref name="offset"/>.</summary>
    public OutputStream WriteViaStream(ulong offset) => Guard<OutputStream>(() =>
    {
        RequireFile(DescriptorFlags.Write);
        return new FileOutputStream(_handle, offset, append: false);
    });

    /// <summary>append-via-stream: an output stream at the end of the file.</summary>
    public OutputStream AppendViaStream() => Guard<OutputStream>(() =>
    {
        RequireFile(DescriptorFlags.Write);
        return new FileOutputStream(_handle, 0, append: true);
    });

    /// <summary>set-size.</summary>
    public void SetSize(ulong size) => Guard(() =>
    {
        RequireFile(DescriptorFlags.Write);
        RandomAccess.SetLength(_handle, (long)size);
        return 0;
    });

    /// <summary>sync and sync-data.</summary>
    public void Sync() => Guard(() =>
    {
        if (!IsDirectory)
        {
            RandomAccess.FlushToDisk(_handle);
        }
        return 0;
    });

    /// <summary>is-same-object.</summary>
    public bool IsSameObject(Descriptor other) => Guard(() =>
    {
        var (a, b) = (BeneathFileSystem.Stat(_handle), BeneathFileSystem.Stat(other._handle));
        return a.Device == b.Device && a.Inode == b.Inode;
    });

    /// <summary>metadata-hash: a value that identifies the object (device and inode, mixed).</summary>
    public (ulong Lower, ulong Upper) MetadataHash() => Guard(() => Hash(BeneathFileSystem.Stat(_handle)));

    /// <summary>metadata-hash-at.</summary>
    public (ulong Lower, ulong Upper) MetadataHashAt(bool followSymlinks, string path) => Guard(() => Hash(StatusAt(followSymlinks, path)));

    private FileStatus StatusAt(bool followSymlinks, string path)
    {
        RequireDirectory();
        using var handle = OpenBeneath(_handle, GuestPath.Checked(path), PathOnly | (followSymlinks ? 0 : NoFollow));
        return BeneathFileSystem.Stat(handle);
    }

    /// <summary>Releases the handle.</summary>
    public void Dispose() => _handle.Dispose();

    internal SafeFileHandle Handle => _handle;

    private void RequireDirectory()
    {
        if (!IsDirectory)
        {
            throw new FilesystemError(ErrorCode.NotDirectory, "not a folder");
        }
    }

    private void RequireFile(DescriptorFlags needed)
    {
        if (IsDirectory)
        {
            throw new FilesystemError(ErrorCode.IsDirectory, "a folder has no bytes");
        }
        if (!Flags.HasFlag(needed))
        {
            throw new FilesystemError(ErrorCode.BadDescriptor, $"not opened for {needed.ToString().ToLowerInvariant()}");
        }
    }

    internal static T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            throw FilesystemError.From(e);
        }
    }

    internal static string TypeOf(uint mode) => (mode & 0xf000) switch
    {
        0x4000 => "directory",
        0x8000 => "regular-file",
        0xa000 => "symbolic-link",
        0x2000 => "character-device",
        0x6000 => "block-device",
        0x1000 => "fifo",
        0xc000 => "socket",
        _ => "unknown",
    };

    private static DescriptorStat ToStat(FileStatus s) => new(
        TypeOf(s.Mode), s.LinkCount, (ulong)Math.Max(0, s.Size), Time(s.AccessTime), Time(s.ModifyTime), Time(s.ChangeTime));

    private static Datetime Time((long Seconds, long Nanoseconds) t) => new((ulong)Math.Max(0, t.Seconds), (uint)t.Nanoseconds);

    private static (ulong, ulong) Hash(FileStatus s) =>
        (s.Inode * 0x9E3779B97F4A7C15UL ^ s.Device, s.Device * 0xC2B2AE3D27D4EB4FUL ^ s.Inode);
}
