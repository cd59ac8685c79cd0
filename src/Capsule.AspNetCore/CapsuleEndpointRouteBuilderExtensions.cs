using System.Text;
using Capsule.AspNetCore;
using Capsule.Hosting.App;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Where ASP.NET Core's own Map* methods live: Program.cs needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps WebAssembly apps and components as endpoints.</summary>
public static class CapsuleEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the Spin-shaped app of <paramref name="manifest"/> (a capsule.toml or spin.toml,
    /// or a folder holding one; relative to the content root) under <paramref name="pathBase"/>:
    /// its routes match below it ("/shop" + "/cart"), <c>spin-base-path</c> names it and the guest
    /// sees the whole path. Key-value, SQLite and variables work as under <c>capsule up</c>
    /// (state in <c>.capsule</c> beside the manifest). Returns the endpoint's convention builder:
    /// <c>RequireAuthorization</c>, <c>RequireRateLimiting</c>, CORS, output caching and filters
    /// apply before the guest runs. Needs <c>builder.Services.AddCapsule()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapCapsuleApp(this IEndpointRouteBuilder endpoints, string pathBase, string manifest)
    {
        var basePath = NormalizeBase(pathBase, nameof(pathBase));
        var location = Path.GetFullPath(manifest, ContentRoot(endpoints));
        var mapped = Apps(endpoints, manifest).Add(new MappedApp(manifest, basePath, factory => factory.Load(location)));
        return endpoints.Map(basePath + "/{**capsulePath}", mapped.HandleAsync).WithDisplayName($"Capsule app {manifest} under {(basePath.Length == 0 ? "/" : basePath)}");
    }

    /// <summary>
    /// Serves one wasi:http component (<paramref name="wasm"/>, relative to the content root) on
    /// <paramref name="pattern"/> (e.g. <c>"/hooks/{**rest}"</c>): the pattern's literal start is the
    /// component's path base. Nothing is granted but what <paramref name="configure"/> allows
    /// (<see cref="WasmEndpointOptions"/>). Returns the endpoint's convention builder, as
    /// <see cref="MapCapsuleApp"/> does.
    /// </summary>
    public static IEndpointConventionBuilder MapWasm(this IEndpointRouteBuilder endpoints, string pattern, string wasm, Action<WasmEndpointOptions>? configure = null)
    {
        var options = new WasmEndpointOptions();
        configure?.Invoke(options);
        var source = Path.GetFullPath(wasm, ContentRoot(endpoints));
        var id = ComponentId(Path.GetFileNameWithoutExtension(source));
        var manifest = options.ToManifest(id, source);
        var display = $"MapWasm(\"{pattern}\", \"{wasm}\")";
        var load = (AppFactory factory) =>
            factory.Load(factory.ParseManifest(manifest, Path.Combine(Path.GetDirectoryName(source)!, id + ".capsule.toml"), display));
        var mapped = Apps(endpoints, wasm).Add(new MappedApp(wasm, LiteralStart(pattern), load));
        return endpoints.Map(pattern, mapped.HandleAsync).WithDisplayName($"Wasm component {wasm} on {pattern}");
    }

    private static CapsuleApps Apps(IEndpointRouteBuilder endpoints, string what) =>
        endpoints.ServiceProvider.GetService<CapsuleApps>()
            ?? throw new InvalidOperationException($"Capsule: cannot map '{what}': call builder.Services.AddCapsule() first");

    private static string ContentRoot(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();

    // "/shop/" and "shop" are "/shop"; "/" is the root ("").
    private static string NormalizeBase(string pathBase, string name)
    {
        var trimmed = pathBase.Trim().Trim('/');
        if (trimmed.Contains('{') || trimmed.Contains('*') || trimmed.Contains('?'))
        {
            throw new ArgumentException($"'{pathBase}' is not a plain path base (no route parameters, wildcards or query)", name);
        }
        return trimmed.Length == 0 ? "" : "/" + trimmed;
    }

    // "/hooks/{**rest}" → "/hooks": the part of the path the component's routes are below.
    private static string LiteralStart(string pattern)
    {
        var brace = pattern.IndexOf('{', StringComparison.Ordinal);
        var literal = brace < 0 ? pattern : pattern[..brace];
        var slash = literal.LastIndexOf('/');
        var start = brace < 0 ? literal.TrimEnd('/') : literal[..Math.Max(slash, 0)];
        return start.Trim('/').Length == 0 ? "" : "/" + start.Trim('/');
    }

    // A Spin component id: lowercase letters, digits and single dashes, starting with a letter.
    private static string ComponentId(string name)
    {
        var id = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' || (c is >= '0' and <= '9' && id.Length > 0);
            if (keep)
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }
        var text = id.ToString().TrimEnd('-');
        return text.Length == 0 ? "wasm" : text;
    }
}
