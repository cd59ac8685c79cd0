using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Loading;

namespace Capsule.Runtime.Tests.Components;

/// <summary>
/// Every built component guest reads, and what the reader says it imports and exports is what
/// <c>capsule inspect</c> reports today through Wasmtime's component C API (the oracle). The oracle
/// compiles each guest (seconds for a JS one), so compiled artifacts are kept in a cache under the
/// temp folder between runs (keyed by wasm hash and engine fingerprint, as the artifact cache always is).
/// </summary>
public sealed class ComponentReaderGuestTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    private static readonly string OracleCache = Path.Combine(Path.GetTempPath(), $"capsule-reader-oracle-{Environment.UserName}");

    public static TheoryData<string> Components => ComponentGuests.All();

    [Fact]
    public void The_guest_set_holds_every_kind_of_component()
    {
        var names = ComponentGuests.Names();
        Assert.Contains("http-hello.wasm", names);
        Assert.Contains("probe.component.wasm", names);
        Assert.Contains("hello-js.component.wasm", names);
        Assert.DoesNotContain("probe.wasm", names);
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Imports_and_exports_match_what_inspect_reports(string guest)
    {
        var model = ComponentReader.Read(File.ReadAllBytes(Guests.Get(guest)));
        var (imports, exports) = ComponentSurface.Describe(model);

        using var loaded = new GuestLoader(runtime.Engine, new ArtifactCache(OracleCache, runtime.Engine)).Load(Guests.Get(guest));
        var oracle = new WasmInspector(runtime.Engine.WasmEngine, []).Describe(loaded);

        // Wasmtime 50.0.1's type reflection leaves out plain types a component imports at its top level
        // (the cron guest's world `use`s `metadata` and `error`); the reader lists them. Compared without them.
        Assert.Equal(Render(oracle.Imports.Where(i => i.Kind != "type")), Render(imports.Where(i => i.Value is not ItemShape.Type)));
        Assert.Equal(Render(oracle.Exports), Render(exports));
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Core_modules_are_slices_of_the_binary_with_their_imports_and_exports(string guest)
    {
        var bytes = File.ReadAllBytes(Guests.Get(guest));
        var model = ComponentReader.Read(bytes);
        var modules = AllModules(model).ToList();

        Assert.NotEmpty(modules);
        foreach (var module in modules)
        {
            Assert.True("\0asm"u8.SequenceEqual(module.Bytes.Span[..4]));
            Assert.True(bytes.AsSpan((int)module.Offset, module.Bytes.Length).SequenceEqual(module.Bytes.Span));
            Assert.All(module.Imports.Where(i => i.Kind == CoreSort.Func), i => Assert.NotNull(i.FuncType));
        }
        // Every module of a real guest is instantiated, and every import it has is named by an argument.
        var instantiations = model.Space(Sort.CoreInstance).OfType<Definition.CoreInstantiate>().ToList();
        Assert.NotEmpty(instantiations);
        foreach (var instantiation in instantiations)
        {
            if (model.Space(Sort.CoreModule)[(int)instantiation.Module] is Definition.CoreModule { Module: var module })
            {
                var argNames = instantiation.Args.Select(a => a.Name).ToHashSet();
                Assert.All(module.Imports, i => Assert.Contains(i.Module, argNames));
            }
        }
    }

    private static IEnumerable<CoreModuleBinary> AllModules(ComponentModel model) =>
        model.EmbeddedModules.Concat(model.Space(Sort.Component).OfType<Definition.Component>().SelectMany(c => AllModules(c.Model)));

    private static List<string> Render(IEnumerable<WasmItem> items) =>
        items.Select(i => $"{i.Name} {i.Kind} [{string.Join(", ", i.Members.Order(StringComparer.Ordinal))}]").ToList();

    private static List<string> Render(IEnumerable<KeyValuePair<string, ItemShape>> items) =>
        items.Select(i => $"{i.Key} {Kind(i.Value)} [{string.Join(", ", Members(i.Value).Order(StringComparer.Ordinal))}]").ToList();

    private static string Kind(ItemShape shape) => shape switch
    {
        ItemShape.Instance => "instance",
        ItemShape.Func => "func",
        ItemShape.Resource => "resource",
        ItemShape.Component => "component",
        ItemShape.Module => "module",
        _ => "type",
    };

    private static IEnumerable<string> Members(ItemShape shape) => shape is ItemShape.Instance instance
        ? instance.Exports.Where(e => e.Value is ItemShape.Func or ItemShape.Resource)
            .Select(e => e.Value is ItemShape.Resource ? $"{e.Key} (resource)" : e.Key)
        : [];
}
