using System.Buffers;
using System.Text;

namespace Capsule.Wasi.Http;

/// <summary>A header-error case: <c>invalid-syntax</c>, <c>forbidden</c> or <c>immutable</c>.</summary>
public sealed class HeaderError(string code, string detail) : Exception($"{code}: {detail}")
{
    /// <summary>The WIT case name.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// wasi:http fields (headers and trailers): an ordered multimap whose names
/// compare case-insensitively and are kept lower-case. Names must be HTTP
/// tokens and values must not hold CR, LF or NUL (RFC 9110); hop-by-hop and
/// host-controlled headers are forbidden to guests. Fields handed out by a
/// request or response are immutable.
/// </summary>
public sealed class Fields
{
    /// <summary>Headers a guest may not set: connection management belongs to the host.</summary>
    public static readonly IReadOnlySet<string> Forbidden = new HashSet<string>(StringComparer.Ordinal)
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "transfer-encoding", "upgrade", "host", "http2-settings",
    };

    private List<KeyValuePair<string, byte[]>>? _built;
    private Func<List<KeyValuePair<string, byte[]>>>? _build;

    /// <summary>Empty, mutable fields.</summary>
    public Fields()
        : this([], immutable: false)
    {
    }

    private Fields(List<KeyValuePair<string, byte[]>> entries, bool immutable)
    {
        _built = entries;
        Immutable = immutable;
    }

    private Fields(Func<List<KeyValuePair<string, byte[]>>> build)
    {
        _build = build;
        Immutable = true;
    }

    // Host fields may be built on first use: a guest that never reads its request's headers costs no translation.
    private List<KeyValuePair<string, byte[]>> EntryList => _built ??= Build();

    private List<KeyValuePair<string, byte[]>> Build()
    {
        var build = _build!;
        _build = null;
        return build();
    }

    /// <summary>Whether set, append and delete fail with <c>immutable</c>.</summary>
    public bool Immutable { get; }

    /// <summary>from-list: validates every entry.</summary>
    public static Fields FromList(IEnumerable<(string Name, byte[] Value)> entries)
    {
        var fields = new Fields();
        foreach (var (name, value) in entries)
        {
            fields.Append(name, value);
        }
        return fields;
    }

    /// <summary>Fields built by the host (incoming requests and responses): not validated against the guest rules, immutable.</summary>
    public static Fields FromHost(IEnumerable<KeyValuePair<string, byte[]>> entries) =>
        new([.. entries.Select(e => new KeyValuePair<string, byte[]>(e.Key.ToLowerInvariant(), e.Value))], immutable: true);

    /// <summary>
    /// Fields built by the host when first read, from <paramref name="entries"/>
    /// (called at most once, on the thread that reads them), then as <see cref="FromHost"/>.
    /// </summary>
    public static Fields FromHostWhenRead(Func<IEnumerable<KeyValuePair<string, byte[]>>> entries) =>
        new(() => [.. entries().Select(e => new KeyValuePair<string, byte[]>(e.Key.ToLowerInvariant(), e.Value))]);

    /// <summary>
    /// These fields with deferred host entries built now. What a guest is handed
    /// must not be built later: a reused instance may keep the handle past its
    /// request, whose HttpContext Kestrel recycles for the next one.
    /// </summary>
    public Fields Built()
    {
        _ = EntryList;
        return this;
    }

    /// <summary>An immutable view of the same entries (what headers() hands out).</summary>
    public Fields AsImmutable() => Immutable ? this : new Fields(EntryList, immutable: true);

    /// <summary>get: every value of <paramref name="name"/>.</summary>
    public IReadOnlyList<byte[]> Get(string name)
    {
        var key = name.ToLowerInvariant();
        return [.. EntryList.Where(e => e.Key == key).Select(e => e.Value)];
    }

    /// <summary>has.</summary>
    public bool Has(string name)
    {
        var key = name.ToLowerInvariant();
        return EntryList.Exists(e => e.Key == key);
    }

    /// <summary>set: replaces every value of <paramref name="name"/>.</summary>
    public void Set(string name, IReadOnlyList<byte[]> values)
    {
        var key = CheckWritable(name);
        foreach (var value in values)
        {
            CheckValue(value);
        }
        EntryList.RemoveAll(e => e.Key == key);
        EntryList.AddRange(values.Select(v => new KeyValuePair<string, byte[]>(key, v)));
    }

    /// <summary>delete.</summary>
    public void Delete(string name)
    {
        var key = CheckWritable(name);
        EntryList.RemoveAll(e => e.Key == key);
    }

    /// <summary>append.</summary>
    public void Append(string name, byte[] value)
    {
        var key = CheckWritable(name);
        CheckValue(value);
        EntryList.Add(new(key, value));
    }

    /// <summary>entries, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Entries() => [.. EntryList];

    /// <summary>entries, in order, as the guest receives them.</summary>
    internal (string Name, byte[] Value)[] EntryPairs()
    {
        var entries = EntryList;
        var pairs = new (string, byte[])[entries.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (entries[i].Key, entries[i].Value);
        }
        return pairs;
    }

    /// <summary>clone: a mutable copy.</summary>
    public Fields Clone() => new([.. EntryList], immutable: false);

    private string CheckWritable(string name)
    {
        if (Immutable)
        {
            throw new HeaderError("immutable", "these fields belong to a request or response");
        }
        if (!IsToken(name))
        {
            throw new HeaderError("invalid-syntax", $"'{name}' is not a valid field name");
        }
        var key = name.ToLowerInvariant();
        return Forbidden.Contains(key) ? throw new HeaderError("forbidden", $"'{name}' is set by the host") : key;
    }

    private static void CheckValue(byte[] value)
    {
        if (value.AsSpan().IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
        {
            throw new HeaderError("invalid-syntax", $"value '{Encoding.Latin1.GetString(value)}' contains CR, LF or NUL");
        }
    }

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>An RFC 9110 token (1*tchar): a field name, a method.</summary>
    internal static bool IsToken(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyExcept(TokenChars);
}
