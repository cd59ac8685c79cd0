using System.Globalization;

namespace Capsule.Hosting.Http;

/// <summary>
/// What one request's guest may put in the server log, stdout and stderr
/// together: output past the bytes or lines allowed is counted and dropped,
/// never waited on, so a guest that writes without end neither floods the log
/// nor stalls. One per request, used on the guest's thread, then read once
/// the guest has finished.
/// </summary>
internal sealed class GuestLogBudget(long maxBytes, int maxLines)
{
    private readonly long _maxBytes = maxBytes;
    private readonly int _maxLines = maxLines;
    private long _bytesLeft = maxBytes;
    private int _linesLeft = maxLines;

    /// <summary>Bytes of guest output not logged.</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>Lines (newlines) of guest output not logged.</summary>
    public long DroppedLines { get; private set; }

    /// <summary>How many leading bytes of <paramref name="data"/> may be logged; the rest is counted as dropped.</summary>
    public int Take(ReadOnlySpan<byte> data)
    {
        var allowed = _linesLeft > 0 ? (int)Math.Min(data.Length, _bytesLeft) : 0;
        _bytesLeft -= allowed;
        if (allowed < data.Length)
        {
            var dropped = data[allowed..];
            DroppedBytes += dropped.Length;
            DroppedLines += dropped.Count((byte)'\n');
        }
        return allowed;
    }

    /// <summary>Whether one more line may be logged; when not, its <paramref name="length"/> bytes count as dropped.</summary>
    public bool TakeLine(int length)
    {
        if (_linesLeft > 0)
        {
            _linesLeft--;
            return true;
        }
        DroppedBytes += length;
        DroppedLines++;
        return false;
    }

    /// <summary>The note for the end of the request, or null when nothing was dropped.</summary>
    public string? DroppedNote(string component) => DroppedBytes == 0 && DroppedLines == 0
        ? null
        : $"component {component}: {Size(DroppedBytes)} of guest output dropped ({DroppedLines} lines; limit {Size(_maxBytes)} or {_maxLines} lines per request)";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => $"{bytes} bytes",
    };
}
