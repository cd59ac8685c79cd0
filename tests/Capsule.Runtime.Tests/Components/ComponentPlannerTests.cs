using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Components.Plan;
using static Capsule.Runtime.Components.Binary.CoreValueType;

namespace Capsule.Runtime.Tests.Components;

/// <summary>The instantiation plan of real guests: what it instantiates, what each core import is, what it exports.</summary>
public sealed class ComponentPlannerTests
{
    private const string Types = "wasi:http/types@0.2.0";
    private const string Streams = "wasi:io/streams@0.2.0";

    public static TheoryData<string> Components => ComponentGuests.All();

    private static ComponentPlan PlanOf(string guest) => ComponentPlanner.Build(ComponentReader.Read(File.ReadAllBytes(Guests.Get(guest))));

    [Fact]
    public void The_minimal_guest_plans_two_core_instances_with_every_import_resolved_as_its_source_says()
    {
        var plan = PlanOf("http-hello.wasm");

        Assert.Equal(2, plan.Modules.Count);
        Assert.Equal(2, plan.Instances.Count);
        Assert.Empty(plan.Instances[0].Imports); // the memory module
        var imports = plan.Instances[1].Imports.ToDictionary(i => i.Import.Name, i => i.Source);
        Assert.Equal(new CoreItemRef.Export(0, "memory"), imports["memory"]);
        var memory = new CanonOptionsPlan(0, null, null, StringEncoding.Utf8);
        Assert.Equal(new CoreItemRef.Host(new HostImport(Types, "[constructor]fields", new CanonOptionsPlan(null, null, null, StringEncoding.Utf8))), imports["fields"]);
        Assert.Equal(new CoreItemRef.Host(new HostImport(Types, "[method]outgoing-body.write", memory)), imports["write"]);
        Assert.Equal(new CoreItemRef.Host(new HostImport(Types, "[static]outgoing-body.finish", new CanonOptionsPlan(0, 1, null, StringEncoding.Utf8))), imports["finish"]);
        Assert.Equal(new CoreItemRef.Host(new HostImport(Streams, "[method]output-stream.blocking-write-and-flush", memory)), imports["flush"]);
        Assert.Equal(new CoreItemRef.Builtin(new ResourceBuiltin(ResourceBuiltinKind.Drop, Types, "incoming-request")), imports["drop-request"]);
        Assert.Equal(new CoreItemRef.Builtin(new ResourceBuiltin(ResourceBuiltinKind.Drop, Streams, "output-stream")), imports["drop-stream"]);
        Assert.Equal([new CoreItemRef.Export(0, "memory"), new CoreItemRef.Export(0, "realloc")], plan.CoreExports);
        Assert.Equal(7, plan.HostImports.Select(h => (h.Interface, h.Function)).Distinct().Count());
        Assert.True(plan.Instances[0].AllImportsFromHost);
        Assert.False(plan.Instances[1].AllImportsFromHost);

        var export = Assert.Single(plan.Exports);
        Assert.Equal(("wasi:http/incoming-handler@0.2.0", "handle"), (export.Interface, export.Function));
        Assert.Equal(new CoreItemRef.Export(1, "handle"), export.CoreFunc);
        Assert.Equal(["request", "response-out"], export.Type!.Params.Select(p => p.Label));
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Every_guest_plans_with_host_imports_from_its_own_imports_and_nothing_unresolved(string guest)
    {
        var model = ComponentReader.Read(File.ReadAllBytes(Guests.Get(guest)));
        var plan = ComponentPlanner.Build(model);
        var imported = model.Imports.Select(i => i.Name).ToHashSet();

        Assert.NotEmpty(plan.Instances);
        Assert.NotEmpty(plan.Exports);
        Assert.All(plan.HostImports, h => Assert.Contains(h.Interface, imported));
        foreach (var instance in plan.Instances.Select((p, i) => (p, i)))
        {
            Assert.Equal(plan.Modules[instance.p.Module].Imports.Count, instance.p.Imports.Count);
            // an export source is always an instance made earlier, so instances can be made in plan order
            Assert.All(instance.p.Imports, i => Assert.True(i.Source is not CoreItemRef.Export e || e.Instance < instance.i));
            Assert.All(instance.p.Imports.Where(i => i.Source is CoreItemRef.Host), i => Assert.NotNull(i.Import.FuncType));
        }
        // every function an imported instance's lowering names is a member of that import
        var (imports, _) = ComponentSurface.Describe(model);
        var members = imports.ToDictionary(i => i.Key, i => (i.Value as ItemShape.Instance)?.Exports.Select(e => e.Key).ToHashSet() ?? []);
        Assert.All(plan.HostImports, h => Assert.Contains(h.Function, members[h.Interface]));
    }

    [Fact]
    public void A_js_guest_inlines_the_pass_through_shim_and_lifts_handle_from_a_core_instance()
    {
        var plan = PlanOf("hello-js.component.wasm");
        var handle = Assert.Single(plan.Exports, e => e.Function == "handle");
        Assert.StartsWith("wasi:http/incoming-handler@0.2.", handle.Interface);
        var core = Assert.IsType<CoreItemRef.Export>(handle.CoreFunc);
        var lifted = plan.Modules[plan.Instances[core.Instance].Module].Export(core.Name);
        Assert.Equal(new CoreFunctionType([I32, I32], []), lifted?.FuncType, (a, b) => a!.SameAs(b!));
        Assert.True(plan.Instances.Count >= 4, $"{plan.Instances.Count} core instances");
    }

    [Fact]
    public void Host_imports_are_checked_once_against_the_host_with_the_semver_rule()
    {
        var plan = PlanOf("http-hello.wasm");
        var host = HttpHelloHost();
        var served = HostImportCheck.Check(plan, host);
        Assert.Equal("wasi:http/types@0.2.12", served[Types]);
        Assert.Equal("wasi:io/streams@0.2.3", served[Streams]);

        var wrong = host.ToDictionary(p => p.Key, p => p.Value);
        wrong["wasi:http/types@0.2.12"] = new Dictionary<string, CoreFunctionType>(host["wasi:http/types@0.2.12"]) { ["[constructor]fields"] = new([], [I64]) };
        var error = Assert.Throws<ComponentPlanException>(() => HostImportCheck.Check(plan, wrong));
        Assert.Equal("import wasi:http/types@0.2.0#[constructor]fields: the guest's core type (func (param ) (result i32)) is not the host's (func (param ) (result i64))", error.Message);

        var old = host.Where(p => p.Key != "wasi:io/streams@0.2.3").ToDictionary(p => p.Key, p => p.Value);
        old["wasi:io/streams@0.1.0"] = host["wasi:io/streams@0.2.3"];
        Assert.Contains("does not define this interface", Assert.Throws<ComponentPlanException>(() => HostImportCheck.Check(plan, old)).Message);
    }

    [Theory]
    [InlineData("wasi:io/streams@0.2.0", "wasi:io/streams@0.2.12")]
    [InlineData("wasi:io/streams@0.2.12", "wasi:io/streams@0.2.12")]
    [InlineData("wasi:io/streams@0.3.0", null)]
    [InlineData("wasi:io/streams@1.0.0", null)]
    [InlineData("wasi:io/poll@0.2.0", null)]
    [InlineData("wasi:io/streams", null)]
    public void Interface_versions_match_as_wasmtime_matches_them(string requested, string? expected)
    {
        string[] defined = ["wasi:io/streams@0.2.3", "wasi:io/streams@0.2.12", "wasi:io/streams@0.1.9", "wasi:io/error@0.2.0"];
        Assert.Equal(expected, InterfaceVersions.Match(requested, defined));
    }

    private static Dictionary<string, IReadOnlyDictionary<string, CoreFunctionType>> HttpHelloHost() => new()
    {
        ["wasi:http/types@0.2.12"] = new Dictionary<string, CoreFunctionType>
        {
            ["[constructor]fields"] = new([], [I32]),
            ["[constructor]outgoing-response"] = new([I32], [I32]),
            ["[method]outgoing-response.body"] = new([I32, I32], []),
            ["[method]outgoing-body.write"] = new([I32, I32], []),
            ["[static]outgoing-body.finish"] = new([I32, I32, I32, I32], []),
            ["[static]response-outparam.set"] = new([I32, I32, I32, I32, I64, I32, I32, I32, I32], []),
        },
        ["wasi:http/types@0.3.0"] = new Dictionary<string, CoreFunctionType>(),
        ["wasi:io/streams@0.2.3"] = new Dictionary<string, CoreFunctionType>
        {
            ["[method]output-stream.blocking-write-and-flush"] = new([I32, I32, I32, I32], []),
        },
    };
}
