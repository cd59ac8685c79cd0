using Capsule.Wasi.Generated.Wasi.Io.Error;
using Capsule.Wasi.Generated.Wasi.Io.Poll;
using Capsule.Wasi.Generated.Wasi.Io.Streams;
// The generated resource markers share their names with the host classes of this folder
// (Pollable, InputStream, OutputStream), which win inside it: the markers go by these aliases.
using ErrorResource = Capsule.Wasi.Generated.Wasi.Io.Error.Error;
using InputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.InputStream;
using OutputStreamResource = Capsule.Wasi.Generated.Wasi.Io.Streams.OutputStream;
using PollableResource = Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable;

namespace Capsule.Wasi.Io;

/// <summary>
/// wasi:io (error, poll, streams) for one instance: handles resolve in its resource table,
/// blocking calls end at its deadline. Made on the instance's first wasi:io call.
/// </summary>
internal sealed partial class IoHost(InstanceState state) : IError, IErrorHost, IPoll, IPollableHost, IStreams, IInputStreamHost, IOutputStreamHost
{
    /// <summary>The io host of the instance in <paramref name="store"/> (made on first use).</summary>
    public static IoHost Of(ComponentStore store) => store.State.GetOrCreate(static s => new IoHost(s));

    IErrorHost IError.Error => this;

    IPollableHost IPoll.Pollable => this;

    IInputStreamHost IStreams.InputStream => this;

    IOutputStreamHost IStreams.OutputStream => this;

    /// <inheritdoc/>
    public string ToDebugString(Borrow<ErrorResource> self) => state.Table.Get<IoError>(self.Handle).DebugString;

    /// <inheritdoc/>
    public void Drop(Resource<ErrorResource> self) => state.Table.Delete(self.Handle);

    /// <inheritdoc/>
    public bool Ready(Borrow<PollableResource> self) => state.Table.Get<Pollable>(self.Handle).IsReady;

    /// <inheritdoc/>
    public void Block(Borrow<PollableResource> self) => state.Table.Get<Pollable>(self.Handle).Block(state.Deadline);

    /// <inheritdoc/>
    public void Drop(Resource<PollableResource> self) => state.Table.Delete(self.Handle);

    /// <inheritdoc/>
    public IReadOnlyList<uint> Poll(IReadOnlyList<Borrow<PollableResource>> @in)
    {
        var pollables = new Pollable[@in.Count];
        for (var i = 0; i < pollables.Length; i++)
        {
            pollables[i] = state.Table.Get<Pollable>(@in[i].Handle);
        }
        return Pollable.Poll(pollables, state.Deadline);
    }

    // A stream's readiness as a new pollable handle.
    private Resource<PollableResource> Own(Pollable pollable) => new(state.Table.Add(pollable));
}
