using Capsule.Runtime.Native;
using Capsule.Wasi.Io;
using static Capsule.Wasi.Binding.BindingHelpers;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:io/error, wasi:io/poll and wasi:io/streams.</summary>
internal static class IoBindings
{
    public static IEnumerable<HostInterface> Create()
    {
        var error = new HostInterface(WasiTypes.Interface("wasi:io/error"));
        error.Resources["error"] = (WasiTypes.IoError, Drop);
        error.Functions["[method]error.to-debug-string"] = (store, args, results) =>
            results[0].SetString(store.Get<IoError>(args[0]).DebugString);
        yield return error;

        var poll = new HostInterface(WasiTypes.Interface("wasi:io/poll"));
        poll.Resources["pollable"] = (WasiTypes.Pollable, Drop);
        poll.Functions["[method]pollable.ready"] = (store, args, results) => results[0].SetBool(store.Get<Pollable>(args[0]).IsReady);
        poll.Functions["[method]pollable.block"] = (store, args, _) => store.Get<Pollable>(args[0]).Block(store.State.Deadline);
        poll.Functions["poll"] = (store, args, results) =>
        {
            var list = args[0];
            var pollables = new Pollable[list.Count];
            for (var i = 0; i < pollables.Length; i++)
            {
                pollables[i] = store.Get<Pollable>(list.Item(i));
            }
            var ready = Pollable.Poll(pollables, store.State.Deadline);
            results[0].SetList(ready.Count);
            for (var i = 0; i < ready.Count; i++)
            {
                results[0].Item(i).SetU32(ready[i]);
            }
        };
        yield return poll;

        var streams = new HostInterface(WasiTypes.Interface("wasi:io/streams"));
        streams.Resources["input-stream"] = (WasiTypes.InputStream, Drop);
        streams.Resources["output-stream"] = (WasiTypes.OutputStream, Drop);
        AddInputStream(streams);
        AddOutputStream(streams);
        yield return streams;
    }

    private static void AddInputStream(HostInterface streams)
    {
        streams.Functions["[method]input-stream.read"] = (store, args, results) =>
        {
            var stream = store.Get<InputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () => stream.Read(length), (ok, bytes) => ok.SetBytes(bytes));
        };
        streams.Functions["[method]input-stream.blocking-read"] = (store, args, results) =>
        {
            var stream = store.Get<InputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () => stream.BlockingRead(length, store.State.Deadline), (ok, bytes) => ok.SetBytes(bytes));
        };
        streams.Functions["[method]input-stream.skip"] = (store, args, results) =>
        {
            var stream = store.Get<InputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () => stream.Skip(length), (ok, n) => ok.SetU64(n));
        };
        streams.Functions["[method]input-stream.blocking-skip"] = (store, args, results) =>
        {
            var stream = store.Get<InputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () =>
            {
                stream.Subscribe().Block(store.State.Deadline);
                return stream.Skip(length);
            }, (ok, n) => ok.SetU64(n));
        };
        streams.Functions["[method]input-stream.subscribe"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Pollable, store.Get<InputStream>(args[0]).Subscribe());
    }

    private static void AddOutputStream(HostInterface streams)
    {
        streams.Functions["[method]output-stream.check-write"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            StreamResult(store, results[0], stream.CheckWrite, (ok, n) => ok.SetU64(n));
        };
        streams.Functions["[method]output-stream.write"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            var bytes = args[1].ToBytes();
            StreamResult(store, results[0], () => stream.Write(bytes));
        };
        streams.Functions["[method]output-stream.blocking-write-and-flush"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            var bytes = args[1].ToBytes();
            StreamResult(store, results[0], () => stream.BlockingWriteAndFlush(bytes, store.State.Deadline));
        };
        streams.Functions["[method]output-stream.flush"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            StreamResult(store, results[0], stream.Flush);
        };
        streams.Functions["[method]output-stream.blocking-flush"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            StreamResult(store, results[0], () => stream.BlockingFlush(store.State.Deadline));
        };
        streams.Functions["[method]output-stream.write-zeroes"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () => stream.WriteZeroes(length));
        };
        streams.Functions["[method]output-stream.blocking-write-zeroes-and-flush"] = (store, args, results) =>
        {
            var stream = store.Get<OutputStream>(args[0]);
            var length = args[1].U64;
            StreamResult(store, results[0], () =>
            {
                stream.WriteZeroes(length);
                stream.BlockingFlush(store.State.Deadline);
            });
        };
        streams.Functions["[method]output-stream.splice"] = (store, args, results) =>
        {
            var output = store.Get<OutputStream>(args[0]);
            var input = store.Get<InputStream>(args[1]);
            var length = args[2].U64;
            StreamResult(store, results[0], () => Splice(output, input, length, null), (ok, n) => ok.SetU64(n));
        };
        streams.Functions["[method]output-stream.blocking-splice"] = (store, args, results) =>
        {
            var output = store.Get<OutputStream>(args[0]);
            var input = store.Get<InputStream>(args[1]);
            var length = args[2].U64;
            StreamResult(store, results[0], () => Splice(output, input, length, store.State.Deadline), (ok, n) => ok.SetU64(n));
        };
        streams.Functions["[method]output-stream.subscribe"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Pollable, store.Get<OutputStream>(args[0]).Subscribe());
    }

    // Blocking when given the run's deadline, which bounds the wait.
    private static ulong Splice(OutputStream output, InputStream input, ulong length, Runtime.Running.RunDeadline? blockingUntil)
    {
        var allowed = Math.Min(length, output.CheckWrite());
        var bytes = blockingUntil is not null ? input.BlockingRead(allowed, blockingUntil) : input.Read(allowed);
        output.Write(bytes);
        return (ulong)bytes.Length;
    }
}
