using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using FeatureState = Capsule.Runtime.Features.InstanceState;

namespace Capsule.Runtime.Tests.Components.Running;

/// <summary>
/// The component layer's runner (Components/Running) on a real component, and the same component on the
/// component C API in the same test: results, host resource traffic and post-returns must agree.
/// </summary>
public sealed class CoreLayerTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    [Fact]
    public void The_greeter_runs_on_both_layers_with_the_same_results()
    {
        string[] names = ["layer", "wasm", "", "héllo wörld"];

        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()]);
        using var coreStore = new CoreStore(runtime.Engine, ResourceLimits.Default);
        var coreTags = new GreeterGuest.Tags();
        coreStore.InstanceState.Host = coreTags;
        var coreInstance = core.Instantiate(coreStore);
        var coreResults = names.Select(n => GreeterGuest.Greet(coreInstance, n)).ToList();
        var corePosts = GreeterGuest.Posts(coreInstance);

        using var component = GreeterGuest.Load(runtime.Engine);
        using var linker = new HostLinker(runtime.Engine);
        linker.Define(GreeterGuest.Component());
        var componentTags = new GreeterGuest.Tags();
        var state = new FeatureState(GuestGrants.None, RunDeadline.None());
        state.Set(componentTags);
        using var componentStore = new ComponentStore(runtime.Engine, state, ResourceLimits.Default);
        var componentInstance = linker.Instantiate(componentStore, component);
        var componentResults = names.Select(n => GreeterGuest.Greet(componentInstance, n)).ToList();
        var componentPosts = GreeterGuest.Posts(componentInstance);

        Assert.Equal(names.Select(n => (GreeterGuest.Decorate(n), (uint)System.Text.Encoding.UTF8.GetByteCount(n))), coreResults);
        Assert.Equal(componentResults, coreResults);
        Assert.Equal(4u, corePosts);
        Assert.Equal(componentPosts, corePosts);
        Assert.Equal(componentTags.Dropped, coreTags.Dropped);
        Assert.Empty(coreTags.Live);
        Assert.Equal(0, coreStore.InstanceState.Handles.Count);
    }

    [Fact]
    public void One_loaded_component_serves_many_stores()
    {
        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()]);
        for (var i = 0; i < 3; i++)
        {
            using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
            store.InstanceState.Host = new GreeterGuest.Tags();
            var instance = core.Instantiate(store);
            Assert.Equal(("<x>", 1u), GreeterGuest.Greet(instance, "x"));
            Assert.Equal(1u, GreeterGuest.Posts(instance));
        }
    }

    [Fact]
    public void Core_modules_are_compiled_once_into_the_artifact_cache_and_loaded_from_it()
    {
        using var dir = new TempDir();
        var cache = new ArtifactCache(dir.Path, runtime.Engine);
        using (CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()], cache))
        {
        }
        var entries = Directory.GetFiles(dir.Path, "*.cwasm", SearchOption.AllDirectories);
        Assert.Equal(2, entries.Length); // the heap module and the main module
        var written = entries.Select(File.GetLastWriteTimeUtc).ToList();

        using var again = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()], cache);
        Assert.Equal(written, entries.Select(File.GetLastWriteTimeUtc));
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        store.InstanceState.Host = new GreeterGuest.Tags();
        Assert.Equal(("<cached>", 6u), GreeterGuest.Greet(again.Instantiate(store), "cached"));
    }

    [Fact]
    public void A_throwing_host_function_traps_the_call_with_its_name_and_the_next_store_works()
    {
        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(),
            [GreeterGuest.Lowered((ref CanonCall _, Span<ValRaw> _) => throw new InvalidDataException("no decorating today"))]);
        using (var store = new CoreStore(runtime.Engine, ResourceLimits.Default))
        {
            store.InstanceState.Host = new GreeterGuest.Tags();
            var instance = core.Instantiate(store);
            var error = Assert.Throws<CanonTrapException>(() => GreeterGuest.Greet(instance, "x"));
            Assert.Contains("host function capsule:test/greeter@0.1.0#decorate failed: InvalidDataException: no decorating today", error.Message);
            Assert.IsType<InvalidDataException>(store.InstanceState.LastHostException);
        }
        using var good = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()]);
        using var fresh = new CoreStore(runtime.Engine, ResourceLimits.Default);
        fresh.InstanceState.Host = new GreeterGuest.Tags();
        Assert.Equal(("<y>", 1u), GreeterGuest.Greet(good.Instantiate(fresh), "y"));
    }

    [Fact]
    public void A_missing_interface_is_refused_at_load_naming_it()
    {
        var error = Assert.Throws<ComponentPlanException>(() => CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), []));
        Assert.Contains("import capsule:test/greeter@0.1.0: the host does not define this interface", error.Message);
    }

    [Fact]
    public void A_newer_compatible_interface_serves_the_import()
    {
        var newer = GreeterGuest.Lowered();
        var served = new LoweredInterface("capsule:test/greeter@0.1.7");
        foreach (var (name, function) in newer.Functions)
        {
            served.Functions[name] = function;
        }
        served.Resources["tag"] = newer.Resources["tag"];
        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [served]);
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        store.InstanceState.Host = new GreeterGuest.Tags();
        Assert.Equal(("<z>", 1u), GreeterGuest.Greet(core.Instantiate(store), "z"));
    }

    [Fact]
    public void A_host_function_of_another_core_type_is_refused_at_load()
    {
        var wrong = GreeterGuest.Lowered();
        wrong.Functions["make-tag"] = new("make-tag", new([CoreValType.I64], [CoreValType.I32]), (ref CanonCall _, Span<ValRaw> _) => { });
        var error = Assert.Throws<ComponentPlanException>(() => CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [wrong]));
        Assert.Contains("import capsule:test/greeter@0.1.0#make-tag: the guest's core type", error.Message);
    }

    [Fact]
    public void An_unknown_export_or_a_wrong_export_type_is_refused_by_name()
    {
        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()]);
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        var instance = core.Instantiate(store);
        Assert.Equal(["greet", "posts"], instance.ExportNames.Order());
        Assert.Throws<KeyNotFoundException>(() => { instance.Call("nope", new([], [])); });
        var error = Assert.Throws<InvalidOperationException>(() => { instance.Call("posts", new([CoreValType.I32], [CoreValType.I32])); });
        Assert.Contains("posts has type", error.Message);
    }
}
