using Capsule.Runtime.Running;

namespace Capsule.Plugins.Extism;

/// <summary>
/// What the Extism kernel keeps for a plugin: its memory, the current call's input, output, error and
/// deadline, the last HTTP status, and the vars (which outlive calls and instances, as in Extism).
/// One call at a time (the plugin serializes calls).
/// </summary>
internal sealed class ExtismCallState(ExtismManifest manifest)
{
    private readonly Dictionary<string, byte[]> _vars = new(StringComparer.Ordinal);
    private long _varBytes;

    public ExtismManifest Manifest { get; } = manifest;

    public KernelMemory Memory { get; } = new(manifest.Memory.MaxBytes);

    public RunDeadline Deadline { get; private set; } = RunDeadline.None();

    public ulong InputOffset { get; private set; }

    public ulong InputLength { get; set; }

    public ulong OutputOffset { get; set; }

    public ulong OutputLength { get; set; }

    public ulong Error { get; set; }

    public int HttpStatus { get; set; }

    /// <summary>Resets the memory (as the kernel does before each call) and places <paramref name="input"/> in it.</summary>
    public void Begin(ReadOnlySpan<byte> input, RunDeadline deadline)
    {
        Memory.Reset();
        Deadline = deadline;
        OutputOffset = OutputLength = Error = 0;
        HttpStatus = 0;
        InputOffset = input.IsEmpty ? 0 : Memory.Write(input);
        InputLength = (ulong)input.Length;
    }

    /// <summary>The call's output, copied out of Extism memory.</summary>
    public byte[] Output() => OutputLength == 0 ? [] : Memory.Span(OutputOffset, OutputLength).ToArray();

    /// <summary>The error message the plugin set, or null.</summary>
    public string? ErrorMessage()
    {
        if (Error == 0)
        {
            return null;
        }
        var length = Memory.Length(Error);
        return length == 0 ? "" : System.Text.Encoding.UTF8.GetString(Memory.Span(Error, length));
    }

    /// <summary>The var <paramref name="key"/>, or null.</summary>
    public byte[]? GetVar(string key) => _vars.GetValueOrDefault(key);

    /// <summary>Sets (or with null, removes) a var, within <see cref="ExtismMemoryLimits.MaxVarBytes"/>.</summary>
    public void SetVar(string key, byte[]? value)
    {
        var old = _vars.TryGetValue(key, out var previous) ? key.Length + previous.LongLength : 0;
        if (value is null)
        {
            _vars.Remove(key);
            _varBytes -= old;
            return;
        }
        var max = Manifest.Memory.MaxVarBytes;
        if (max == 0)
        {
            throw new ExtismHostException("Vars are disabled by this host");
        }
        var total = _varBytes - old + key.Length + value.LongLength;
        if (total > max)
        {
            throw new ExtismHostException($"Variable store is full: {total} bytes of keys and values exceed max_var_bytes {max}");
        }
        _vars[key] = value;
        _varBytes = total;
    }

    /// <summary>A snapshot of the vars.</summary>
    public IReadOnlyDictionary<string, byte[]> Vars => new Dictionary<string, byte[]>(_vars);
}
