namespace Capsule.Runtime.Components.Binary;

/// <summary>Core module, core instance and core type sections.</summary>
internal sealed partial class ComponentParser
{
    private void ReadCoreModule(ref BinaryCursor section, Scope scope)
    {
        var offset = section.Offset;
        var length = section.Remaining;
        var module = CoreModuleReader.Read(source.Slice(checked((int)offset), length), offset, _limits);
        section.ReadBytes(length, "core module");
        Add(ref section, scope, Sort.CoreModule, new Definition.CoreModule(module));
    }

    private void ReadNestedComponent(ref BinaryCursor section, Scope scope)
    {
        var nested = new BinaryCursor(section.Rest, section.Offset, "component section", _limits);
        var model = ReadComponent(ref nested, scope);
        section.ReadBytes(section.Remaining, "component");
        section.Section = "component section";
        Add(ref section, scope, Sort.Component, new Definition.Component(model));
    }

    // core:instance ::= 0x00 moduleidx vec(name 0x12 instanceidx) | 0x01 vec(name core:sortidx)
    private void ReadCoreInstance(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var form = cursor.ReadByte();
        Definition definition;
        if (form == 0x00)
        {
            var module = ReadIndex(ref cursor, scope, Sort.CoreModule, "core instantiate");
            var count = cursor.ReadCount("core instantiation arguments");
            var args = new List<CoreInstantiateArg>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = cursor.ReadName("instantiation argument name");
                if (cursor.ReadByte() != 0x12)
                {
                    throw cursor.Error($"argument {name}: core instantiation arguments must be core instances");
                }
                var instance = ReadIndex(ref cursor, scope, Sort.CoreInstance, $"argument {name}");
                if (!seen.Add(name))
                {
                    throw cursor.Error($"duplicate core instantiation argument {name}");
                }
                args.Add(new CoreInstantiateArg(name, instance));
            }
            definition = new Definition.CoreInstantiate(module, args.AsReadOnly());
        }
        else if (form == 0x01)
        {
            var count = cursor.ReadCount("core instance exports");
            var exports = new List<CoreInlineExport>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = cursor.ReadName("core export name");
                var sortAt = cursor.Offset;
                var code = cursor.ReadByte();
                var sort = Sorts.FromCore(code) ?? throw cursor.ErrorAt(sortAt, $"unknown core sort 0x{code:x2}");
                var index = ReadIndex(ref cursor, scope, sort, $"core export {name}");
                if (!seen.Add(name))
                {
                    throw cursor.Error($"duplicate core export {name}");
                }
                exports.Add(new CoreInlineExport(name, new SortIndex(sort, index)));
            }
            definition = new Definition.CoreInlineInstance(exports.AsReadOnly());
        }
        else
        {
            throw cursor.ErrorAt(at, $"unknown core instance form 0x{form:x2}");
        }
        Add(ref cursor, scope, Sort.CoreInstance, definition);
    }

    private void ReadCoreTypeEntry(ref BinaryCursor cursor, Scope scope)
    {
        var type = ReadCoreType(ref cursor, scope, allowModule: true);
        AddCoreType(ref cursor, scope, (type as CoreTypeDefinition.Func)?.Type, new Definition.CoreType(type));
    }

    /// <summary>Every core type goes through here, so a scope's function types stay in step with its core type indices.</summary>
    private void AddCoreType(ref BinaryCursor cursor, Scope scope, CoreFunctionType? func, Definition? definition)
    {
        Add(ref cursor, scope, Sort.CoreType, scope.Spaces is null ? null : definition);
        scope.CoreFuncTypes.Add(func);
    }

    // core:type ::= 0x60 functype | 0x50 moduletype | (GC forms, not supported)
    private CoreTypeDefinition ReadCoreType(ref BinaryCursor cursor, Scope scope, bool allowModule)
    {
        var at = cursor.Offset;
        var form = cursor.ReadByte();
        switch (form)
        {
            case 0x60:
                return new CoreTypeDefinition.Func(CoreTypeReader.ReadFuncTypeBody(ref cursor));
            case 0x50 when allowModule:
                return ReadModuleType(ref cursor, scope);
            case 0x50:
                throw cursor.ErrorAt(at, "a module type cannot be declared inside a module type");
            case 0x00 or 0x4e or 0x4f:
                throw cursor.ErrorAt(at, "GC core types (rec/sub/struct/array) are not supported yet");
            default:
                throw cursor.ErrorAt(at, $"unknown core type form 0x{form:x2}");
        }
    }

    // moduletype ::= 0x50 vec(moduledecl); moduledecl ::= 0x00 import | 0x01 type | 0x02 alias | 0x03 exportdecl
    private CoreTypeDefinition.Module ReadModuleType(ref BinaryCursor cursor, Scope parent)
    {
        var scope = new Scope(parent, isComponent: false);
        if (scope.Depth >= _limits.MaxNesting)
        {
            throw cursor.Error($"types nested more than {_limits.MaxNesting} deep");
        }
        var imports = new List<CoreImport>();
        var exports = new List<CoreExport>();
        var count = cursor.ReadCount("module type declarations");
        for (var i = 0; i < count; i++)
        {
            var at = cursor.Offset;
            switch (cursor.ReadByte())
            {
                case 0x00:
                    var module = cursor.ReadName("import module name");
                    var name = cursor.ReadName("import name");
                    imports.Add(new CoreImport(module, name, ReadModuleTypeExtern(ref cursor, scope, out var importType), importType));
                    break;
                case 0x01:
                    var type = ReadCoreType(ref cursor, scope, allowModule: false);
                    AddCoreType(ref cursor, scope, (type as CoreTypeDefinition.Func)?.Type, null);
                    break;
                case 0x02:
                    if (cursor.ReadByte() != 0x10 || cursor.ReadByte() != 0x01)
                    {
                        throw cursor.ErrorAt(at, "module type aliases must be outer core type aliases (0x10 0x01)");
                    }
                    var (outerScope, outerIndex) = ResolveOuter(ref cursor, scope, Sort.CoreType, cursor.ReadU32(), cursor.ReadU32());
                    AddCoreType(ref cursor, scope, outerScope.CoreFuncTypes[(int)outerIndex], null);
                    break;
                case 0x03:
                    var exportName = cursor.ReadName("export name");
                    var kind = ReadModuleTypeExtern(ref cursor, scope, out var exportType);
                    exports.Add(new CoreExport(exportName, kind, 0, exportType));
                    break;
                default:
                    throw cursor.ErrorAt(at, "unknown module type declaration");
            }
        }
        return new CoreTypeDefinition.Module(imports.AsReadOnly(), exports.AsReadOnly());
    }

    private static CoreSort ReadModuleTypeExtern(ref BinaryCursor cursor, Scope scope, out CoreFunctionType? funcType)
    {
        var (kind, typeIndex) = CoreTypeReader.ReadExternType(ref cursor);
        funcType = null;
        if (kind is CoreSort.Func or CoreSort.Tag)
        {
            CheckIndex(ref cursor, scope, Sort.CoreType, typeIndex, "core extern type");
            funcType = scope.CoreFuncTypes[(int)typeIndex] ?? throw cursor.Error($"core type {typeIndex} is not a function type");
        }
        return kind;
    }
}
