using Capsule.Runtime.Native;
using Capsule.Wasi.Filesystem;
using Capsule.Wasi.Io;
using static Capsule.Wasi.Binding.BindingHelpers;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:filesystem/types and wasi:filesystem/preopens.</summary>
internal static class FilesystemBindings
{
    private static readonly string[] DescriptorFlagNames =
        ["read", "write", "file-integrity-sync", "data-integrity-sync", "requested-write-sync", "mutate-directory"];

    public static IEnumerable<HostInterface> Create()
    {
        var types = new HostInterface(WasiTypes.Interface("wasi:filesystem/types"));
        types.Resources["descriptor"] = (WasiTypes.Descriptor, Drop);
        types.Resources["directory-entry-stream"] = (WasiTypes.DirectoryEntryStream, Drop);
        AddStreams(types);
        AddMetadata(types);
        AddPaths(types);
        types.Functions["filesystem-error-code"] = (store, args, results) =>
        {
            // Errors Capsule's streams raise carry no errno today: none maps to a code.
            _ = store.Get<IoError>(args[0]);
            results[0].SetNone();
        };
        yield return types;

        var preopens = new HostInterface(WasiTypes.Interface("wasi:filesystem/preopens"));
        preopens.Functions["get-directories"] = (store, _, results) =>
        {
            var granted = store.State.Find<FilesystemState>()?.Preopens ?? [];
            results[0].SetList(granted.Count);
            for (var i = 0; i < granted.Count; i++)
            {
                var pair = results[0].Item(i);
                pair.SetTuple(2);
                // Each call hands out a new handle; the context keeps the descriptor itself.
                pair.Item(0).SetOwn(store, WasiTypes.Descriptor, new SharedDescriptor(granted[i].Descriptor));
                pair.Item(1).SetString(granted[i].GuestPath);
            }
        };
        yield return preopens;
    }

    private static void AddStreams(HostInterface types)
    {
        types.Functions["[method]descriptor.read-via-stream"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var offset = args[1].U64;
            FsResult(results[0], () => d.ReadViaStream(offset), (ok, s) => ok.SetOwn(store, WasiTypes.InputStream, s));
        };
        types.Functions["[method]descriptor.write-via-stream"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var offset = args[1].U64;
            FsResult(results[0], () => d.WriteViaStream(offset), (ok, s) => ok.SetOwn(store, WasiTypes.OutputStream, s));
        };
        types.Functions["[method]descriptor.append-via-stream"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.AppendViaStream, (ok, s) => ok.SetOwn(store, WasiTypes.OutputStream, s));
        };
        types.Functions["[method]descriptor.read"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (length, offset) = (args[1].U64, args[2].U64);
            FsResult(results[0], () => d.Read(length, offset), (ok, r) =>
            {
                ok.SetTuple(2);
                ok.Item(0).SetBytes(r.Bytes);
                ok.Item(1).SetBool(r.End);
            });
        };
        types.Functions["[method]descriptor.write"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (bytes, offset) = (args[1].ToBytes(), args[2].U64);
            FsResult(results[0], () => d.Write(bytes, offset), (ok, n) => ok.SetU64(n));
        };
    }

    private static void AddMetadata(HostInterface types)
    {
        types.Functions["[method]descriptor.get-flags"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.GetFlags, (ok, flags) => ok.SetFlags(
                [.. DescriptorFlagNames.Where((_, bit) => ((int)flags & (1 << bit)) != 0)]));
        };
        types.Functions["[method]descriptor.get-type"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.GetType_, (ok, type) => ok.SetEnum(type));
        };
        types.Functions["[method]descriptor.stat"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.Stat, SetStat);
        };
        types.Functions["[method]descriptor.stat-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (follow, path) = (Follows(args[1]), args[2].String);
            FsResult(results[0], () => d.StatAt(follow, path), SetStat);
        };
        types.Functions["[method]descriptor.set-size"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var size = args[1].U64;
            FsResult(results[0], () => d.SetSize(size));
        };
        types.Functions["[method]descriptor.set-times"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (access, modify) = (NewTimestamp(args[1]), NewTimestamp(args[2]));
            FsResult(results[0], () => d.SetTimes(InRange(access), InRange(modify)));
        };
        types.Functions["[method]descriptor.set-times-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (follow, path, access, modify) = (Follows(args[1]), args[2].String, NewTimestamp(args[3]), NewTimestamp(args[4]));
            FsResult(results[0], () => d.SetTimesAt(follow, path, InRange(access), InRange(modify)));
        };
        types.Functions["[method]descriptor.advise"] = (store, args, results) =>
        {
            _ = Descriptor(store, args[0]);
            results[0].SetResult(ok: true, hasPayload: false);
        };
        types.Functions["[method]descriptor.sync"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.Sync);
        };
        types.Functions["[method]descriptor.sync-data"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.Sync);
        };
        types.Functions["[method]descriptor.is-same-object"] = (store, args, results) =>
            results[0].SetBool(Descriptor(store, args[0]).IsSameObject(Descriptor(store, args[1])));
        types.Functions["[method]descriptor.metadata-hash"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.MetadataHash, SetHash);
        };
        types.Functions["[method]descriptor.metadata-hash-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (follow, path) = (Follows(args[1]), args[2].String);
            FsResult(results[0], () => d.MetadataHashAt(follow, path), SetHash);
        };
    }

    private static void AddPaths(HostInterface types)
    {
        types.Functions["[method]descriptor.open-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (follow, path, open, flags) = (Follows(args[1]), args[2].String, OpenFlagsOf(args[3]), DescriptorFlagsOf(args[4]));
            FsResult(results[0], () => d.OpenAt(follow, path, open, flags), (ok, opened) => ok.SetOwn(store, WasiTypes.Descriptor, opened));
        };
        types.Functions["[method]descriptor.read-directory"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            FsResult(results[0], d.ReadDirectory, (ok, listing) => ok.SetOwn(store, WasiTypes.DirectoryEntryStream, listing));
        };
        types.Functions["[method]directory-entry-stream.read-directory-entry"] = (store, args, results) =>
        {
            var listing = store.Get<DirectoryEntryStream>(args[0]);
            FsResult(results[0], listing.ReadNext, (ok, entry) =>
            {
                if (entry is null)
                {
                    ok.SetNone();
                    return;
                }
                var some = ok.SetSome();
                some.SetRecord("type", "name");
                some.Field(0).SetEnum(entry.Type);
                some.Field(1).SetString(entry.Name);
            });
        };
        PathOperation(types, "create-directory-at", (d, path) => d.CreateDirectoryAt(path));
        PathOperation(types, "remove-directory-at", (d, path) => d.RemoveDirectoryAt(path));
        PathOperation(types, "unlink-file-at", (d, path) => d.UnlinkFileAt(path));
        types.Functions["[method]descriptor.readlink-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var path = args[1].String;
            FsResult(results[0], () => d.ReadlinkAt(path), (ok, text) => ok.SetString(text));
        };
        types.Functions["[method]descriptor.symlink-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (target, path) = (args[1].String, args[2].String);
            FsResult(results[0], () => d.SymlinkAt(target, path));
        };
        types.Functions["[method]descriptor.rename-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (oldPath, newDirectory, newPath) = (args[1].String, Descriptor(store, args[2]), args[3].String);
            FsResult(results[0], () => d.RenameAt(oldPath, newDirectory, newPath));
        };
        types.Functions["[method]descriptor.link-at"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var (follow, oldPath, newDirectory, newPath) = (Follows(args[1]), args[2].String, Descriptor(store, args[3]), args[4].String);
            FsResult(results[0], () => d.LinkAt(follow, oldPath, newDirectory, newPath));
        };
    }

    private static void PathOperation(HostInterface types, string name, Action<Descriptor, string> operation) =>
        types.Functions[$"[method]descriptor.{name}"] = (store, args, results) =>
        {
            var d = Descriptor(store, args[0]);
            var path = args[1].String;
            FsResult(results[0], () => operation(d, path));
        };

    private static Descriptor Descriptor(ComponentStore store, ValRef handle) =>
        store.Get<object>(handle) switch
        {
            SharedDescriptor shared => shared.Inner,
            Descriptor d => d,
            var other => throw new InvalidOperationException($"handle is a {other.GetType().Name}, not a descriptor"),
        };

    private static void FsResult<T>(ValRef result, Func<T> operation, OkWriter<T> writeOk)
    {
        T value;
        try
        {
            value = operation();
        }
        catch (FilesystemError e)
        {
            result.SetResult(ok: false, hasPayload: true).SetEnum(e.Code);
            return;
        }
        writeOk(result.SetResult(ok: true, hasPayload: true), value);
    }

    private static void FsResult(ValRef result, Action operation)
    {
        try
        {
            operation();
        }
        catch (FilesystemError e)
        {
            result.SetResult(ok: false, hasPayload: true).SetEnum(e.Code);
            return;
        }
        result.SetResult(ok: true, hasPayload: false);
    }

    private static void SetStat(ValRef target, DescriptorStat stat)
    {
        target.SetRecord("type", "link-count", "size", "data-access-timestamp", "data-modification-timestamp", "status-change-timestamp");
        target.Field(0).SetEnum(stat.Type);
        target.Field(1).SetU64(stat.LinkCount);
        target.Field(2).SetU64(stat.Size);
        BindingHelpers.SetDatetime(target.Field(3).SetSome(), stat.AccessTime);
        BindingHelpers.SetDatetime(target.Field(4).SetSome(), stat.ModifyTime);
        BindingHelpers.SetDatetime(target.Field(5).SetSome(), stat.ChangeTime);
    }

    private static void SetHash(ValRef target, (ulong Lower, ulong Upper) hash)
    {
        target.SetRecord("lower", "upper");
        target.Field(0).SetU64(hash.Lower);
        target.Field(1).SetU64(hash.Upper);
    }

    private static bool Follows(ValRef pathFlags) => pathFlags.FlagNames.Contains("symlink-follow");

    private static OpenFlags OpenFlagsOf(ValRef flags) => flags.FlagNames.Aggregate(OpenFlags.None, (all, name) => all | name switch
    {
        "create" => OpenFlags.Create,
        "directory" => OpenFlags.Directory,
        "exclusive" => OpenFlags.Exclusive,
        "truncate" => OpenFlags.Truncate,
        _ => OpenFlags.None,
    });

    private static DescriptorFlags DescriptorFlagsOf(ValRef flags) => flags.FlagNames.Aggregate(DescriptorFlags.None, (all, name) =>
        all | (DescriptorFlags)(Array.IndexOf(DescriptorFlagNames, name) is var bit and >= 0 ? 1 << bit : 0));

    // new-timestamp: no-change, now, or timestamp(datetime) kept to the nanosecond; null when out of range.
    private static NewFileTime? NewTimestamp(ValRef value)
    {
        if (value.Kind != ComponentValKind.Variant)
        {
            throw new InvalidOperationException("new-timestamp must be a variant");
        }
        return value.VariantCase switch
        {
            "no-change" => NewFileTime.Unchanged,
            "now" => NewFileTime.Now,
            _ => FromDatetime(value.VariantPayload),
        };
    }

    // As wasmtime: nanoseconds past a second carry into the seconds.
    private static NewFileTime? FromDatetime(ValRef datetime)
    {
        var (seconds, nanoseconds) = (datetime.Field(0).U64, datetime.Field(1).U32);
        var total = seconds + (nanoseconds / 1_000_000_000UL);
        return total > long.MaxValue ? null : new NewFileTime((long)total, nanoseconds % 1_000_000_000L);
    }

    private static NewFileTime InRange(NewFileTime? time) => time ?? throw new FilesystemError("overflow", "the time is out of range");

    /// <summary>A second handle on a preopen: dropping it must not close the context's descriptor.</summary>
    private sealed class SharedDescriptor(Descriptor inner)
    {
        public Descriptor Inner { get; } = inner;
    }
}
