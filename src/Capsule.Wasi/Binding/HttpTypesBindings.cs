using Capsule.Runtime.Native;
using Capsule.Wasi.Http;
using static Capsule.Wasi.Binding.BindingHelpers;
using static Capsule.Wasi.Binding.HttpValues;

namespace Capsule.Wasi.Binding;

/// <summary>wasi:http/types: fields, requests, options (messages and bodies are in <see cref="HttpBodyBindings"/>).</summary>
internal static class HttpTypesBindings
{
    public static HostInterface Create()
    {
        var types = new HostInterface(WasiTypes.Interface("wasi:http/types"));
        foreach (var (name, type) in new (string, uint)[]
        {
            ("fields", WasiTypes.Fields), ("incoming-request", WasiTypes.IncomingRequest), ("outgoing-request", WasiTypes.OutgoingRequest),
            ("request-options", WasiTypes.RequestOptions),
            ("incoming-response", WasiTypes.IncomingResponse), ("incoming-body", WasiTypes.IncomingBody),
            ("future-trailers", WasiTypes.FutureTrailers), ("outgoing-response", WasiTypes.OutgoingResponse),
            ("outgoing-body", WasiTypes.OutgoingBody), ("future-incoming-response", WasiTypes.FutureIncomingResponse),
        })
        {
            types.Resources[name] = (type, Drop);
        }
        types.Resources["response-outparam"] = (WasiTypes.ResponseOutparam, (store, rep) =>
        {
            // Dropped without set: the host answers 500 instead of waiting forever.
            store.State.Table.Take<ResponseOutparam>(rep).Abandon();
        }
        );
        types.Functions["http-error-code"] = (store, args, results) =>
        {
            _ = store.Get<Io.IoError>(args[0]);
            results[0].SetNone();
        };
        AddFields(types);
        AddIncomingRequest(types);
        AddOutgoingRequest(types);
        AddRequestOptions(types);
        HttpBodyBindings.Add(types);
        return types;
    }

    private static void AddFields(HostInterface types)
    {
        types.Functions["[constructor]fields"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.Fields, new Fields());
        types.Functions["[static]fields.from-list"] = (store, args, results) =>
        {
            var entries = GetEntries(args[0]);
            HeaderResult(results[0], () => Fields.FromList(entries), (ok, fields) => ok.SetOwn(store, WasiTypes.Fields, fields));
        };
        types.Functions["[method]fields.get"] = (store, args, results) =>
        {
            var values = store.Get<Fields>(args[0]).Get(args[1].String);
            results[0].SetList(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                results[0].Item(i).SetBytes(values[i]);
            }
        };
        types.Functions["[method]fields.has"] = (store, args, results) => results[0].SetBool(store.Get<Fields>(args[0]).Has(args[1].String));
        types.Functions["[method]fields.set"] = (store, args, results) =>
        {
            var fields = store.Get<Fields>(args[0]);
            var name = args[1].String;
            var list = args[2];
            var values = new List<byte[]>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                values.Add(list.Item(i).ToBytes());
            }
            HeaderResult(results[0], () => fields.Set(name, values));
        };
        types.Functions["[method]fields.delete"] = (store, args, results) =>
        {
            var fields = store.Get<Fields>(args[0]);
            var name = args[1].String;
            HeaderResult(results[0], () => fields.Delete(name));
        };
        types.Functions["[method]fields.append"] = (store, args, results) =>
        {
            var fields = store.Get<Fields>(args[0]);
            var (name, value) = (args[1].String, args[2].ToBytes());
            HeaderResult(results[0], () => fields.Append(name, value));
        };
        types.Functions["[method]fields.entries"] = (store, args, results) => SetEntries(results[0], store.Get<Fields>(args[0]).Entries());
        types.Functions["[method]fields.clone"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Fields, store.Get<Fields>(args[0]).Clone());
    }

    private static void AddIncomingRequest(HostInterface types)
    {
        types.Functions["[method]incoming-request.method"] = (store, args, results) => SetMethod(results[0], store.Get<IncomingRequest>(args[0]).Method);
        types.Functions["[method]incoming-request.path-with-query"] = (store, args, results) =>
            SetOptionalString(results[0], store.Get<IncomingRequest>(args[0]).PathWithQuery);
        types.Functions["[method]incoming-request.scheme"] = (store, args, results) => SetScheme(results[0], store.Get<IncomingRequest>(args[0]).Scheme);
        types.Functions["[method]incoming-request.authority"] = (store, args, results) =>
            SetOptionalString(results[0], store.Get<IncomingRequest>(args[0]).Authority);
        types.Functions["[method]incoming-request.headers"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Fields, store.Get<IncomingRequest>(args[0]).Headers.Built());
        types.Functions["[method]incoming-request.consume"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<IncomingRequest>(args[0]).Consume, (ok, body) => ok.SetOwn(store, WasiTypes.IncomingBody, body));
    }

    private static void AddOutgoingRequest(HostInterface types)
    {
        types.Functions["[constructor]outgoing-request"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.OutgoingRequest, new OutgoingRequest(store.Take<Fields>(args[0])));
        types.Functions["[method]outgoing-request.body"] = (store, args, results) =>
            UnitErrorResult(results[0], store.Get<OutgoingRequest>(args[0]).Body, (ok, body) => ok.SetOwn(store, WasiTypes.OutgoingBody, body));
        types.Functions["[method]outgoing-request.method"] = (store, args, results) => SetMethod(results[0], store.Get<OutgoingRequest>(args[0]).Method);
        types.Functions["[method]outgoing-request.set-method"] = (store, args, results) =>
        {
            var request = store.Get<OutgoingRequest>(args[0]);
            var method = GetMethod(args[1]);
            var valid = method.Length > 0 && method.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));
            if (valid)
            {
                request.Method = method;
            }
            results[0].SetResult(valid, hasPayload: false);
        };
        types.Functions["[method]outgoing-request.path-with-query"] = (store, args, results) =>
            SetOptionalString(results[0], store.Get<OutgoingRequest>(args[0]).PathWithQuery);
        types.Functions["[method]outgoing-request.set-path-with-query"] = (store, args, results) =>
        {
            var request = store.Get<OutgoingRequest>(args[0]);
            var path = GetOptionalString(args[1]);
            var valid = path is null || (path.StartsWith('/') && !path.Any(char.IsWhiteSpace));
            if (valid)
            {
                request.PathWithQuery = path;
            }
            results[0].SetResult(valid, hasPayload: false);
        };
        types.Functions["[method]outgoing-request.scheme"] = (store, args, results) => SetScheme(results[0], store.Get<OutgoingRequest>(args[0]).Scheme);
        types.Functions["[method]outgoing-request.set-scheme"] = (store, args, results) =>
        {
            var request = store.Get<OutgoingRequest>(args[0]);
            var scheme = GetScheme(args[1]);
            var valid = scheme is null or "http" or "https";
            if (valid)
            {
                request.Scheme = scheme;
            }
            results[0].SetResult(valid, hasPayload: false);
        };
        types.Functions["[method]outgoing-request.authority"] = (store, args, results) =>
            SetOptionalString(results[0], store.Get<OutgoingRequest>(args[0]).Authority);
        types.Functions["[method]outgoing-request.set-authority"] = (store, args, results) =>
        {
            var request = store.Get<OutgoingRequest>(args[0]);
            var authority = GetOptionalString(args[1]);
            var valid = authority is null || Uri.TryCreate($"http://{authority}/", UriKind.Absolute, out var parsed) && parsed.PathAndQuery == "/" && parsed.UserInfo.Length == 0;
            if (valid)
            {
                request.Authority = authority;
            }
            results[0].SetResult(valid, hasPayload: false);
        };
        types.Functions["[method]outgoing-request.headers"] = (store, args, results) =>
            results[0].SetOwn(store, WasiTypes.Fields, store.Get<OutgoingRequest>(args[0]).Headers.AsImmutable());
    }

    private static void AddRequestOptions(HostInterface types)
    {
        types.Functions["[constructor]request-options"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.RequestOptions, new RequestOptions());
        types.Functions["[method]request-options.connect-timeout"] = (store, args, results) =>
            SetOptionalU64(results[0], store.Get<RequestOptions>(args[0]).ConnectTimeout);
        types.Functions["[method]request-options.set-connect-timeout"] = (store, args, results) =>
        {
            store.Get<RequestOptions>(args[0]).ConnectTimeout = GetOptionalU64(args[1]);
            results[0].SetResult(ok: true, hasPayload: false);
        };
        types.Functions["[method]request-options.first-byte-timeout"] = (store, args, results) =>
            SetOptionalU64(results[0], store.Get<RequestOptions>(args[0]).FirstByteTimeout);
        types.Functions["[method]request-options.set-first-byte-timeout"] = (store, args, results) =>
        {
            store.Get<RequestOptions>(args[0]).FirstByteTimeout = GetOptionalU64(args[1]);
            results[0].SetResult(ok: true, hasPayload: false);
        };
        types.Functions["[method]request-options.between-bytes-timeout"] = (store, args, results) =>
            SetOptionalU64(results[0], store.Get<RequestOptions>(args[0]).BetweenBytesTimeout);
        types.Functions["[method]request-options.set-between-bytes-timeout"] = (store, args, results) =>
        {
            store.Get<RequestOptions>(args[0]).BetweenBytesTimeout = GetOptionalU64(args[1]);
            results[0].SetResult(ok: true, hasPayload: false);
        };
    }

    /// <summary>result&lt;T, header-error&gt;.</summary>
    internal static void HeaderResult<T>(ValRef result, Func<T> operation, OkWriter<T> writeOk)
    {
        T value;
        try
        {
            value = operation();
        }
        catch (HeaderError e)
        {
            result.SetResult(ok: false, hasPayload: true).SetVariant(e.Code, hasPayload: false);
            return;
        }
        writeOk(result.SetResult(ok: true, hasPayload: true), value);
    }

    internal static void HeaderResult(ValRef result, Action operation)
    {
        try
        {
            operation();
        }
        catch (HeaderError e)
        {
            result.SetResult(ok: false, hasPayload: true).SetVariant(e.Code, hasPayload: false);
            return;
        }
        result.SetResult(ok: true, hasPayload: false);
    }

    /// <summary>result&lt;T&gt; whose error is unit: taking a body twice.</summary>
    internal static void UnitErrorResult<T>(ValRef result, Func<T> operation, OkWriter<T> writeOk)
    {
        T value;
        try
        {
            value = operation();
        }
        catch (InvalidOperationException)
        {
            result.SetResult(ok: false, hasPayload: false);
            return;
        }
        writeOk(result.SetResult(ok: true, hasPayload: true), value);
    }
}
