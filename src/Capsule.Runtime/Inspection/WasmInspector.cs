using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Wasmtime;

namespace Capsule.Runtime.Inspection;

/// <summary>
/// Describes a loaded guest: its imports, exports and the grants they could use, as the host's
/// features say (<paramref name="hintRules"/>: every feature's <see cref="Features.IHostFeature.GrantHints"/>).
/// </summary>
public sealed class WasmInspector(Wasmtime.Engine engine, IEnumerable<GrantHintRule> hintRules)
{
    /// <summary>Describes <paramref name="guest"/>.</summary>
    public WasmDescription Describe(LoadedGuest guest)
    {
        var (imports, exports) = guest.Kind == WasmKind.CoreModule
            ? DescribeModule(guest.Module!)
            : DescribeComponent(guest.Component!);
        return new WasmDescription(guest.Path, guest.Kind, guest.SizeBytes, imports, exports, GrantHints.For(imports, hintRules));
    }

    /// <summary>
    /// Describes a core module from its binary alone (<see cref="CoreModuleItems"/>): nothing is compiled, so
    /// a module that takes minutes to compile is described at once. Validate it first (<see cref="GuestLoader.Validate"/>).
    /// </summary>
    public WasmDescription DescribeModule(GuestBinary module)
    {
        var items = CoreModuleItems.Read(module.Binary ?? throw new ArgumentException("component text is not a module", nameof(module)))
            ?? throw new WasmLoadException(module.Path, "invalid WebAssembly module: its import or export section cannot be read");
        return new WasmDescription(module.Path, WasmKind.CoreModule, module.SizeBytes, items.Imports, items.Exports, GrantHints.For(items.Imports, hintRules));
    }

    private static (List<WasmItem>, List<WasmItem>) DescribeModule(Module module)
    {
        var imports = module.Imports.Select(i => new WasmItem($"{i.ModuleName}::{i.Name}", CoreKind(i), [])).ToList();
        var exports = module.Exports.Select(e => new WasmItem(e.Name, CoreKind(e), [])).ToList();
        return (imports, exports);
    }

    private (List<WasmItem>, List<WasmItem>) DescribeComponent(Wasmtime.Components.Component component)
    {
        var (imports, exports) = ComponentTypeReader.Read(engine, component);
        return (imports.Select(ToItem).ToList(), exports.Select(ToItem).ToList());
    }

    private static WasmItem ToItem(ComponentItemInfo info) => new(info.Name, info.Kind switch
    {
        ComponentTypeNative.ItemKind.ComponentInstance => "instance",
        ComponentTypeNative.ItemKind.ComponentFunc => "func",
        ComponentTypeNative.ItemKind.Component => "component",
        ComponentTypeNative.ItemKind.Module => "module",
        ComponentTypeNative.ItemKind.Resource => "resource",
        ComponentTypeNative.ItemKind.CoreFunc => "core func",
        _ => "type",
    }, info.Members);

    private static string CoreKind(object item) => item switch
    {
        FunctionImport or FunctionExport => "func",
        MemoryImport or MemoryExport => "memory",
        TableImport or TableExport => "table",
        GlobalImport or GlobalExport => "global",
        TagImport or TagExport => "tag",
        _ => "unknown",
    };
}
