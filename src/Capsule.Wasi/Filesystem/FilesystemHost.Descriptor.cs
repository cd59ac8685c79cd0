using Capsule.Wasi.Generated.Wasi.Filesystem.Types;
using static Capsule.Wasi.Filesystem.FilesystemError;
using DescriptorHandle = Capsule.Wit.Bindings.Borrow<Capsule.Wasi.Generated.Wasi.Filesystem.Types.Descriptor>;
using DescriptorMarker = Capsule.Wasi.Generated.Wasi.Filesystem.Types.Descriptor;
using EntryStreamMarker = Capsule.Wasi.Generated.Wasi.Filesystem.Types.DirectoryEntryStream;
using InputStreamMarker = Capsule.Wasi.Generated.Wasi.Io.Streams.InputStream;
using OutputStreamMarker = Capsule.Wasi.Generated.Wasi.Io.Streams.OutputStream;
using WitDatetime = Capsule.Wasi.Generated.Wasi.Clocks.WallClock.Datetime;
using WitDescriptorFlags = Capsule.Wasi.Generated.Wasi.Filesystem.Types.DescriptorFlags;
using WitDescriptorStat = Capsule.Wasi.Generated.Wasi.Filesystem.Types.DescriptorStat;
using WitOpenFlags = Capsule.Wasi.Generated.Wasi.Filesystem.Types.OpenFlags;

namespace Capsule.Wasi.Filesystem;

/// <summary>
/// wasi:filesystem descriptor methods: each resolves its handles, then runs the
/// <see cref="Descriptor"/> operation in <see cref="FilesystemError.Run{TState, T}"/>
/// with its inputs as state (static lambdas: nothing allocated per call for the delegate).
/// </summary>
internal sealed partial class FilesystemHost : IDescriptorHost
{
    public Result<Resource<InputStreamMarker>, ErrorCode> ReadViaStream(DescriptorHandle self, ulong offset) =>
        Run((host: this, d: Get(self), offset), static s => s.host.Own<InputStreamMarker>(s.d.ReadViaStream(s.offset)));

    public Result<Resource<OutputStreamMarker>, ErrorCode> WriteViaStream(DescriptorHandle self, ulong offset) =>
        Run((host: this, d: Get(self), offset), static s => s.host.Own<OutputStreamMarker>(s.d.WriteViaStream(s.offset)));

    public Result<Resource<OutputStreamMarker>, ErrorCode> AppendViaStream(DescriptorHandle self) =>
        Run((host: this, d: Get(self)), static s => s.host.Own<OutputStreamMarker>(s.d.AppendViaStream()));

    public Result<(byte[], bool), ErrorCode> Read(DescriptorHandle self, ulong length, ulong offset) =>
        Run((d: Get(self), length, offset), static s => s.d.Read(s.length, s.offset));

    public Result<ulong, ErrorCode> Write(DescriptorHandle self, ReadOnlySpan<byte> buffer, ulong offset) =>
        FilesystemError.Write(Get(self), buffer, offset);

    // Advice is a hint; taking none is a valid answer.
    public Result<Unit, ErrorCode> Advise(DescriptorHandle self, ulong offset, ulong length, Advice advice)
    {
        _ = Get(self);
        return Unit.Value;
    }

    public Result<Unit, ErrorCode> Sync(DescriptorHandle self) => Run(Get(self), static d => d.Sync());

    public Result<Unit, ErrorCode> SyncData(DescriptorHandle self) => Run(Get(self), static d => d.Sync());

    public Result<WitDescriptorFlags, ErrorCode> GetFlags(DescriptorHandle self) =>
        Run(Get(self), static d => (WitDescriptorFlags)d.GetFlags());

    public Result<DescriptorType, ErrorCode> GetType(DescriptorHandle self) =>
        Run(Get(self), static d => WitCaseNames<DescriptorType>.Parse(d.GetType_()));

    public Result<WitDescriptorStat, ErrorCode> Stat(DescriptorHandle self) => Run(Get(self), static d => Stat(d.Stat()));

    public Result<WitDescriptorStat, ErrorCode> StatAt(DescriptorHandle self, PathFlags pathFlags, string path) =>
        Run((d: Get(self), follow: Follows(pathFlags), path), static s => Stat(s.d.StatAt(s.follow, s.path)));

    public Result<Unit, ErrorCode> SetSize(DescriptorHandle self, ulong size) => Run((d: Get(self), size), static s => s.d.SetSize(s.size));

    public Result<Unit, ErrorCode> SetTimes(DescriptorHandle self, NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp) =>
        Run((d: Get(self), access: FileTime(dataAccessTimestamp), modify: FileTime(dataModificationTimestamp)),
            static s => s.d.SetTimes(InRange(s.access), InRange(s.modify)));

    public Result<Unit, ErrorCode> SetTimesAt(
        DescriptorHandle self, PathFlags pathFlags, string path, NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp) =>
        Run((d: Get(self), follow: Follows(pathFlags), path, access: FileTime(dataAccessTimestamp), modify: FileTime(dataModificationTimestamp)),
            static s => s.d.SetTimesAt(s.follow, s.path, InRange(s.access), InRange(s.modify)));

    public bool IsSameObject(DescriptorHandle self, DescriptorHandle other) => Get(self).IsSameObject(Get(other));

    public Result<MetadataHashValue, ErrorCode> MetadataHash(DescriptorHandle self) => Run(Get(self), static d => Hash(d.MetadataHash()));

    public Result<MetadataHashValue, ErrorCode> MetadataHashAt(DescriptorHandle self, PathFlags pathFlags, string path) =>
        Run((d: Get(self), follow: Follows(pathFlags), path), static s => Hash(s.d.MetadataHashAt(s.follow, s.path)));

    public Result<Resource<DescriptorMarker>, ErrorCode> OpenAt(
        DescriptorHandle self, PathFlags pathFlags, string path, WitOpenFlags openFlags, WitDescriptorFlags flags) =>
        Run((host: this, d: Get(self), follow: Follows(pathFlags), path, open: (OpenFlags)openFlags, flags: (DescriptorFlags)flags),
            static s => s.host.Own<DescriptorMarker>(s.d.OpenAt(s.follow, s.path, s.open, s.flags)));

    public Result<Resource<EntryStreamMarker>, ErrorCode> ReadDirectory(DescriptorHandle self) =>
        Run((host: this, d: Get(self)), static s => s.host.Own<EntryStreamMarker>(s.d.ReadDirectory()));

    public Result<Unit, ErrorCode> CreateDirectoryAt(DescriptorHandle self, string path) =>
        Run((d: Get(self), path), static s => s.d.CreateDirectoryAt(s.path));

    public Result<Unit, ErrorCode> RemoveDirectoryAt(DescriptorHandle self, string path) =>
        Run((d: Get(self), path), static s => s.d.RemoveDirectoryAt(s.path));

    public Result<Unit, ErrorCode> UnlinkFileAt(DescriptorHandle self, string path) =>
        Run((d: Get(self), path), static s => s.d.UnlinkFileAt(s.path));

    public Result<string, ErrorCode> ReadlinkAt(DescriptorHandle self, string path) =>
        Run((d: Get(self), path), static s => s.d.ReadlinkAt(s.path));

    public Result<Unit, ErrorCode> SymlinkAt(DescriptorHandle self, string oldPath, string newPath) =>
        Run((d: Get(self), oldPath, newPath), static s => s.d.SymlinkAt(s.oldPath, s.newPath));

    public Result<Unit, ErrorCode> RenameAt(DescriptorHandle self, string oldPath, DescriptorHandle newDescriptor, string newPath) =>
        Run((d: Get(self), oldPath, to: Get(newDescriptor), newPath), static s => s.d.RenameAt(s.oldPath, s.to, s.newPath));

    public Result<Unit, ErrorCode> LinkAt(DescriptorHandle self, PathFlags oldPathFlags, string oldPath, DescriptorHandle newDescriptor, string newPath) =>
        Run((d: Get(self), follow: Follows(oldPathFlags), oldPath, to: Get(newDescriptor), newPath),
            static s => s.d.LinkAt(s.follow, s.oldPath, s.to, s.newPath));

    private static bool Follows(PathFlags flags) => (flags & PathFlags.SymlinkFollow) != 0;

    private static WitDescriptorStat Stat(DescriptorStat stat) => new(
        WitCaseNames<DescriptorType>.Parse(stat.Type), stat.LinkCount, stat.Size, Time(stat.AccessTime), Time(stat.ModifyTime), Time(stat.ChangeTime));

    private static WitDatetime Time(Clocks.Datetime time) => new(time.Seconds, time.Nanoseconds);

    private static MetadataHashValue Hash((ulong Lower, ulong Upper) hash) => new(hash.Lower, hash.Upper);

    // new-timestamp: no-change, now, or a datetime kept to the nanosecond; null when out of range.
    private static NewFileTime? FileTime(NewTimestamp value) => value switch
    {
        NewTimestamp.NoChange => NewFileTime.Unchanged,
        NewTimestamp.Now => NewFileTime.Now,
        NewTimestamp.Timestamp { Value: var datetime } => FromDatetime(datetime),
        _ => throw new InvalidOperationException($"new-timestamp case {value} is not known"),
    };

    // As wasmtime: nanoseconds past a second carry into the seconds.
    private static NewFileTime? FromDatetime(WitDatetime datetime)
    {
        var total = datetime.Seconds + (datetime.Nanoseconds / 1_000_000_000UL);
        return total > long.MaxValue ? null : new NewFileTime((long)total, datetime.Nanoseconds % 1_000_000_000L);
    }

    private static NewFileTime InRange(NewFileTime? time) => time ?? throw new FilesystemError(ErrorCode.Overflow, "the time is out of range");
}
