using System.Text;
using System.Text.Json;
using Capsule.Runtime.Grants;

namespace Capsule.AspNetCore;

/// <summary>
/// What one component mapped with <c>MapWasm</c> may do, as its
/// <c>[component]</c> table in a manifest would say: deny by default, each
/// method grants one thing. Chain the calls: <c>c => c.AllowOutbound("https://api.example.com").Memory("64MiB")</c>.
/// </summary>
public sealed class WasmEndpointOptions
{
    private readonly List<string> _outbound = [];
    private readonly List<string> _stores = [];
    private readonly Dictionary<string, string> _environment = [];
    private string? _memory;
    private string? _timeout;

    /// <summary>Lets the component call these hosts (Spin's <c>allowed_outbound_hosts</c>, e.g. <c>"https://api.example.com"</c>).</summary>
    public WasmEndpointOptions AllowOutbound(params string[] hosts)
    {
        _outbound.AddRange(hosts);
        return this;
    }

    /// <summary>Each linear memory's limit, e.g. <c>"64MiB"</c>; <see cref="ArgumentException"/> when it is not a size.</summary>
    public WasmEndpointOptions Memory(string size)
    {
        _memory = ByteSize.TryParse(size, out _, out var error) ? size : throw new ArgumentException($"Memory: {error}", nameof(size));
        return this;
    }

    /// <summary>How long one request may run (504 beyond); at least a millisecond.</summary>
    public WasmEndpointOptions Timeout(TimeSpan timeout)
    {
        _timeout = timeout >= TimeSpan.FromMilliseconds(1)
            ? Duration.Format(timeout)
            : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Timeout: at least 1ms");
        return this;
    }

    /// <summary>Opens these key-value stores to the component (Spin's <c>key_value_stores</c>; "default" is a SQLite file beside the .wasm's <c>.capsule</c> folder).</summary>
    public WasmEndpointOptions KeyValueStores(params string[] labels)
    {
        _stores.AddRange(labels);
        return this;
    }

    /// <summary>Sets an environment variable the component sees.</summary>
    public WasmEndpointOptions Environment(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>The manifest serving <paramref name="source"/> as component <paramref name="id"/> on every path.</summary>
    internal string ToManifest(string id, string source)
    {
        var toml = new StringBuilder();
        toml.AppendLine($"spin_manifest_version = 2\n[application]\nname = {Quote(id)}");
        toml.AppendLine($"[[trigger.http]]\nroute = \"/...\"\ncomponent = {Quote(id)}");
        toml.AppendLine($"[component.{id}]\nsource = {Quote(source)}");
        toml.AppendLine($"allowed_outbound_hosts = [{string.Join(", ", _outbound.Select(Quote))}]");
        toml.AppendLine($"key_value_stores = [{string.Join(", ", _stores.Select(Quote))}]");
        toml.AppendLine($"environment = {{ {string.Join(", ", _environment.Select(e => $"{Quote(e.Key)} = {Quote(e.Value)}"))} }}");
        toml.AppendLine($"[component.{id}.limits]");
        if (_memory is not null)
        {
            toml.AppendLine($"memory = {Quote(_memory)}");
        }
        if (_timeout is not null)
        {
            toml.AppendLine($"timeout = {Quote(_timeout)}");
        }
        return toml.ToString();
    }

    // A JSON string is a TOML basic string: the same escapes (\", \\, \uXXXX).
    private static string Quote(string text) => JsonSerializer.Serialize(text, WasmJson.Default.String);
}
