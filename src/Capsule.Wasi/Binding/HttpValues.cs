using Capsule.Runtime.Native;
using Capsule.Wasi.Http;

namespace Capsule.Wasi.Binding;

/// <summary>Lifting and lowering of wasi:http's value types: method, scheme, fields entries, error-code.</summary>
internal static class HttpValues
{
    public static void SetMethod(ValRef target, string method)
    {
        if (HttpMethodNames.CaseOf(method) is { } standard)
        {
            target.SetVariant(standard, hasPayload: false);
        }
        else
        {
            target.SetVariant("other", hasPayload: true).SetString(method);
        }
    }

    public static string GetMethod(ValRef value) =>
        value.VariantCase == "other" ? value.VariantPayload.String : value.VariantCase.ToUpperInvariant();

    public static void SetScheme(ValRef target, string? scheme)
    {
        if (scheme is null)
        {
            target.SetNone();
            return;
        }
        var some = target.SetSome();
        switch (scheme.ToLowerInvariant())
        {
            case "http":
                some.SetVariant("HTTP", hasPayload: false);
                break;
            case "https":
                some.SetVariant("HTTPS", hasPayload: false);
                break;
            default:
                some.SetVariant("other", hasPayload: true).SetString(scheme);
                break;
        }
    }

    public static string? GetScheme(ValRef option)
    {
        if (!option.TryGetSome(out var scheme))
        {
            return null;
        }
        return scheme.VariantCase switch
        {
            "HTTP" => "http",
            "HTTPS" => "https",
            _ => scheme.VariantPayload.String,
        };
    }

    public static void SetOptionalString(ValRef target, string? value)
    {
        if (value is null)
        {
            target.SetNone();
        }
        else
        {
            target.SetSome().SetString(value);
        }
    }

    public static string? GetOptionalString(ValRef option) => option.TryGetSome(out var value) ? value.String : null;

    public static ulong? GetOptionalU64(ValRef option) => option.TryGetSome(out var value) ? value.U64 : null;

    public static void SetOptionalU64(ValRef target, ulong? value)
    {
        if (value is { } v)
        {
            target.SetSome().SetU64(v);
        }
        else
        {
            target.SetNone();
        }
    }

    public static List<KeyValuePair<string, byte[]>> GetEntries(ValRef list)
    {
        var entries = new List<KeyValuePair<string, byte[]>>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var pair = list.Item(i);
            entries.Add(new(pair.Item(0).String, pair.Item(1).ToBytes()));
        }
        return entries;
    }

    public static void SetEntries(ValRef target, IReadOnlyList<KeyValuePair<string, byte[]>> entries)
    {
        target.SetList(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var pair = target.Item(i);
            pair.SetTuple(2);
            pair.Item(0).SetString(entries[i].Key);
            pair.Item(1).SetBytes(entries[i].Value);
        }
    }

    /// <summary>Writes an error-code, giving each case the payload its type requires.</summary>
    public static void SetErrorCode(ValRef target, HttpErrorCode code)
    {
        switch (code.Case)
        {
            case "DNS-error":
                var dns = target.SetVariant(code.Case, hasPayload: true);
                dns.SetRecord("rcode", "info-code");
                SetOptionalString(dns.Field(0), code.Text);
                dns.Field(1).SetNone();
                break;
            case "internal-error" or "HTTP-response-transfer-coding" or "HTTP-response-content-coding":
                SetOptionalString(target.SetVariant(code.Case, hasPayload: true), code.Text);
                break;
            case "HTTP-request-body-size" or "HTTP-response-body-size"
                or "HTTP-request-header-section-size" or "HTTP-response-header-section-size"
                or "HTTP-request-trailer-section-size" or "HTTP-response-trailer-section-size"
                or "HTTP-request-header-size":
                target.SetVariant(code.Case, hasPayload: true).SetNone();
                break;
            default:
                target.SetVariant(code.Case, hasPayload: false);
                break;
        }
    }

    /// <summary>Reads the case of an error-code the guest produced (its payload is not needed).</summary>
    public static HttpErrorCode GetErrorCode(ValRef value) => new(value.VariantCase);
}
