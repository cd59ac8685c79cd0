using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Loading;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule inspect FILE</c>: kind, size, imports, exports and the grants a guest could use.</summary>
internal sealed class InspectCommand
{
    // Source-generated (no reflection), so the natively compiled capsule can print it.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<WasmKind>(JsonNamingPolicy.KebabCaseLower) },
        TypeInfoResolver = InspectJson.Default,
    };

    private readonly CommonOptions _common = new();

    private readonly Argument<string> _file = new("FILE")
    {
        Description = "A .wasm core module or component (binary), or .wat text; or an app (a folder, capsule.toml or spin.toml): its triggers and components",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the description as JSON",
    };

    public Command Build()
    {
        var command = new Command("inspect", "Describe a module or component: its kind and size, its imports and exports (WIT names for components), and the grants it could use. Given an app, list its triggers (http, cron, redis) and components.\n\nExit codes: 0 described; 2 the file or manifest cannot be loaded.");
        command.Add(_file);
        command.Add(_json);
        _common.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    private int Execute(ParseResult parse)
    {
        var path = parse.GetValue(_file)!;
        if (AppInspection.IsApp(path))
        {
            return AppInspection.Execute(path, parse.GetValue(_json));
        }
        using var engine = new CapsuleEngine();
        try
        {
            var loader = _common.CreateLoader(parse, engine);
            var inspector = new WasmInspector(engine.WasmEngine, Capsule.Hosting.App.AppFeatures.Create().SelectMany(f => f.GrantHints));
            var binary = loader.Read(path);
            var description = binary.Kind == WasmKind.CoreModule ? DescribeModule(loader, inspector, binary) : DescribeComponent(loader, inspector, binary);
            Console.Out.Write(parse.GetValue(_json)
                ? JsonSerializer.Serialize(description, JsonOptions.GetTypeInfo(typeof(WasmDescription))) + "\n"
                : Render(description));
            return 0;
        }
        catch (WasmLoadException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    // A module's imports and exports are in its binary: validating it is enough, compiling
    // (which a hostile module can make cost minutes and gigabytes) is not needed.
    private static WasmDescription DescribeModule(GuestLoader loader, WasmInspector inspector, GuestBinary module)
    {
        loader.Validate(module);
        return inspector.DescribeModule(module);
    }

    // A component's WIT names come from its compiled type.
    private static WasmDescription DescribeComponent(GuestLoader loader, WasmInspector inspector, GuestBinary component)
    {
        using var guest = loader.Compile(component);
        return inspector.Describe(guest);
    }

    private static string Render(WasmDescription d)
    {
        var text = new System.Text.StringBuilder();
        var kind = d.Kind == WasmKind.Component ? "component" : "core module";
        text.AppendLine($"{d.Path}: {kind}, {d.SizeBytes:N0} bytes");
        Section(text, "imports", d.Imports);
        Section(text, "exports", d.Exports);
        text.AppendLine(d.Grants.Count == 0 ? "grants it could use: none" : "grants it could use:");
        foreach (var hint in d.Grants)
        {
            text.AppendLine($"  {hint.Capability}: {hint.HowToGrant}");
            text.AppendLine($"      (imports {string.Join(", ", hint.Evidence)})");
        }
        return text.ToString();
    }

    private static void Section(System.Text.StringBuilder text, string title, IReadOnlyList<WasmItem> items)
    {
        text.AppendLine($"{title} ({items.Count}):");
        var width = items.Count == 0 ? 0 : items.Max(i => i.Name.Length);
        foreach (var item in items)
        {
            text.AppendLine($"  {item.Name.PadRight(width)}  {item.Kind}");
            if (item.Members.Count > 0)
            {
                text.AppendLine($"      {string.Join(", ", item.Members)}");
            }
        }
    }
}

/// <summary>The JSON contract of <c>capsule inspect --json</c>, generated at build time.</summary>
[JsonSerializable(typeof(WasmDescription))]
internal sealed partial class InspectJson : JsonSerializerContext;
