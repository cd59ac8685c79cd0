using System.Threading.Channels;

namespace Capsule.Hosting.Redis;

/// <summary>
/// One channel's messages waiting for their handler, bounded by count and by bytes: a publisher
/// faster than the handler fills it, and a message that does not fit is dropped (the caller counts
/// and logs it), so a flood costs bounded memory. Redis pub/sub delivers at most once anyway: what a
/// subscriber cannot take is never redelivered. One writer (the subscription's pump), one reader
/// (the channel's handler loop).
/// </summary>
internal sealed class RedisMessageBuffer(int maxCount, long maxBytes)
{
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private int _count;
    private long _bytes;

    /// <summary>Messages waiting.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Their bytes.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Queues <paramref name="message"/> if it fits; false when it is dropped.</summary>
    public bool TryAdd(byte[] message)
    {
        // Only this (single) writer adds, so the check holds until the add.
        if (Count >= maxCount || Bytes + message.LongLength > maxBytes)
        {
            return false;
        }
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, message.LongLength);
        return _queue.Writer.TryWrite(message);
    }

    /// <summary>No more messages will come (the subscription ended).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The next message in order; null once completed and empty.</summary>
    public async ValueTask<byte[]?> TakeAsync(CancellationToken cancel)
    {
        while (await _queue.Reader.WaitToReadAsync(cancel))
        {
            if (_queue.Reader.TryRead(out var message))
            {
                Interlocked.Decrement(ref _count);
                Interlocked.Add(ref _bytes, -message.LongLength);
                return message;
            }
        }
        return null;
    }
}
