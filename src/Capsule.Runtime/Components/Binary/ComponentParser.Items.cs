namespace Capsule.Runtime.Components.Binary;

/// <summary>Instance, alias, import and export sections, and the names and extern types they use.</summary>
internal sealed partial class ComponentParser
{
    // instance ::= 0x00 componentidx vec(name sortidx) | 0x01 vec(externname sortidx)
    private void ReadInstance(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var form = cursor.ReadByte();
        Definition definition;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (form == 0x00)
        {
            var component = ReadIndex(ref cursor, scope, Sort.Component, "instantiate");
            var count = cursor.ReadCount("instantiation arguments");
            var args = new List<InstantiateArg>(count);
            for (var i = 0; i < count; i++)
            {
                var name = cursor.ReadName("instantiation argument name");
                var item = ReadSortIndex(ref cursor, scope, $"argument {name}");
                if (!seen.Add(name))
                {
                    throw cursor.Error($"duplicate instantiation argument {name}");
                }
                args.Add(new InstantiateArg(name, item));
            }
            definition = new Definition.Instantiate(component, args.AsReadOnly());
        }
        else if (form == 0x01)
        {
            var count = cursor.ReadCount("instance exports");
            var exports = new List<InlineExport>(count);
            for (var i = 0; i < count; i++)
            {
                var name = ReadExternName(ref cursor, "instance export name");
                var item = ReadSortIndex(ref cursor, scope, $"instance export {name}");
                if (!seen.Add(name))
                {
                    throw cursor.Error($"duplicate instance export {name}");
                }
                exports.Add(new InlineExport(name, item));
            }
            definition = new Definition.InlineInstance(exports.AsReadOnly());
        }
        else
        {
            throw cursor.ErrorAt(at, $"unknown instance form 0x{form:x2}");
        }
        Add(ref cursor, scope, Sort.Instance, definition);
    }

    private void ReadAliasEntry(ref BinaryCursor cursor, Scope scope)
    {
        var (sort, target, outer) = ReadAlias(ref cursor, scope);
        AddAliased(ref cursor, scope, sort, target, outer);
    }

    /// <summary>Adds an alias's item; a core type keeps its function type, so later indices into it resolve.</summary>
    private void AddAliased(ref BinaryCursor cursor, Scope scope, Sort sort, AliasTarget target, (Scope Scope, uint Index)? outer)
    {
        var outerEntry = outer is { Scope.Spaces: { } spaces } o ? spaces[(int)sort][(int)o.Index] : null;
        var definition = new Definition.Alias(target, outerEntry);
        if (sort == Sort.CoreType)
        {
            AddCoreType(ref cursor, scope, outer is { } c ? c.Scope.CoreFuncTypes[(int)c.Index] : null, definition);
        }
        else
        {
            Add(ref cursor, scope, sort, definition);
        }
    }

    // alias ::= sort 0x00 instanceidx name | sort 0x01 core:instanceidx core:name | sort 0x02 ct idx
    private static (Sort Sort, AliasTarget Target, (Scope, uint)? Outer) ReadAlias(ref BinaryCursor cursor, Scope scope)
    {
        var sort = ReadSort(ref cursor);
        var at = cursor.Offset;
        if (sort == Sort.Value)
        {
            throw cursor.Error("values (component-model values) are not supported");
        }
        switch (cursor.ReadByte())
        {
            case 0x00:
                var instance = ReadIndex(ref cursor, scope, Sort.Instance, "alias export");
                if (sort.IsCore() && sort != Sort.CoreModule)
                {
                    throw cursor.ErrorAt(at, $"an instance export alias cannot be a {sort.Name()}");
                }
                return (sort, new AliasTarget.InstanceExport(instance, cursor.ReadName("alias export name")), null);
            case 0x01:
                if (!sort.IsCore())
                {
                    throw cursor.ErrorAt(at, $"a core instance export alias cannot be a {sort.Name()}");
                }
                var coreInstance = ReadIndex(ref cursor, scope, Sort.CoreInstance, "alias core export");
                return (sort, new AliasTarget.CoreInstanceExport(coreInstance, cursor.ReadName("alias core export name")), null);
            case 0x02:
                if (sort is not (Sort.Type or Sort.CoreType or Sort.CoreModule or Sort.Component))
                {
                    throw cursor.ErrorAt(at, $"an outer alias cannot be a {sort.Name()}");
                }
                var count = cursor.ReadU32();
                var index = cursor.ReadU32();
                var outer = ResolveOuter(ref cursor, scope, sort, count, index);
                return (sort, new AliasTarget.Outer(count, index), outer);
            default:
                throw cursor.ErrorAt(at, "unknown alias target");
        }
    }

    /// <summary>The scope <paramref name="count"/> levels out and a checked index into its <paramref name="sort"/> space.</summary>
    private static (Scope Scope, uint Index) ResolveOuter(ref BinaryCursor cursor, Scope scope, Sort sort, uint count, uint index)
    {
        var target = scope;
        for (var i = 0u; i < count; i++)
        {
            target = target.Parent ?? throw cursor.Error($"outer alias count {count} goes past the outermost component");
        }
        return (target, CheckIndex(ref cursor, target, sort, index, $"outer alias {count}"));
    }

    private void ReadImports(ref BinaryCursor cursor, Scope scope, List<ComponentImport> imports)
    {
        var count = cursor.ReadCount("imports");
        for (var i = 0; i < count; i++)
        {
            var at = cursor.Offset;
            var name = ReadExternName(ref cursor, "import name");
            var desc = ReadExternDesc(ref cursor, scope);
            if (!scope.ImportNames.Add(name))
            {
                throw cursor.ErrorAt(at, $"duplicate import {name}");
            }
            imports.Add(new ComponentImport(name, desc));
            Add(ref cursor, scope, desc.Sort, new Definition.Import(imports.Count - 1));
        }
    }

    // export ::= externname sortidx externtype?
    private void ReadExports(ref BinaryCursor cursor, Scope scope, List<ComponentExport> exports)
    {
        var count = cursor.ReadCount("exports");
        for (var i = 0; i < count; i++)
        {
            var at = cursor.Offset;
            var name = ReadExternName(ref cursor, "export name");
            var item = ReadSortIndex(ref cursor, scope, $"export {name}");
            if (item.Sort.IsCore() && item.Sort != Sort.CoreModule)
            {
                throw cursor.ErrorAt(at, $"export {name}: a {item.Sort.Name()} cannot be exported from a component");
            }
            ExternDesc? desc = cursor.ReadByte() switch
            {
                0x00 => null,
                0x01 => ReadExternDesc(ref cursor, scope),
                var b => throw cursor.Error($"export {name}: bad optional type marker 0x{b:x2}"),
            };
            if (desc is { } d && d.Sort != item.Sort)
            {
                throw cursor.ErrorAt(at, $"export {name}: its type is a {d.Sort.Name()} but it exports a {item.Sort.Name()}");
            }
            if (!scope.ExportNames.Add(name))
            {
                throw cursor.ErrorAt(at, $"duplicate export {name}");
            }
            exports.Add(new ComponentExport(name, item, desc));
            Add(ref cursor, scope, item.Sort, new Definition.Export(exports.Count - 1));
        }
    }

    // externname ::= 0x00 name | 0x01 name | 0x02 name vec(attribute); attributes are read and dropped
    private static string ReadExternName(ref BinaryCursor cursor, string what)
    {
        var at = cursor.Offset;
        var form = cursor.ReadByte();
        if (form > 0x02)
        {
            throw cursor.ErrorAt(at, $"{what}: unknown name form 0x{form:x2}");
        }
        var name = cursor.ReadName(what);
        if (name.Length == 0)
        {
            throw cursor.ErrorAt(at, $"{what}: empty name");
        }
        if (form == 0x02)
        {
            var count = cursor.ReadCount("name attributes");
            var seen = 0;
            for (var i = 0; i < count; i++)
            {
                var kind = cursor.ReadByte();
                if (kind > 0x02 || (seen & (1 << kind)) != 0)
                {
                    throw cursor.Error($"{name}: unknown or repeated name attribute 0x{kind:x2}");
                }
                seen |= 1 << kind;
                cursor.ReadName("name attribute");
            }
        }
        return name;
    }

    // externtype ::= 0x00 0x11 core:typeidx | 0x01 typeidx | 0x02 valuebound | 0x03 typebound | 0x04 typeidx | 0x05 typeidx
    private static ExternDesc ReadExternDesc(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        switch (cursor.ReadByte())
        {
            case 0x00:
                if (cursor.ReadByte() != 0x11)
                {
                    throw cursor.ErrorAt(at, "only core modules can be imported or exported from the core sorts");
                }
                return new ExternDesc(ExternKind.CoreModule, ReadIndex(ref cursor, scope, Sort.CoreType, "core module type"));
            case 0x01:
                return new ExternDesc(ExternKind.Func, ReadIndex(ref cursor, scope, Sort.Type, "func type"));
            case 0x02:
                throw cursor.ErrorAt(at, "values (component-model values) are not supported");
            case 0x03:
                return cursor.ReadByte() switch
                {
                    0x00 => new ExternDesc(ExternKind.TypeEq, ReadIndex(ref cursor, scope, Sort.Type, "type bound")),
                    0x01 => new ExternDesc(ExternKind.TypeSubResource, 0),
                    _ => throw cursor.ErrorAt(at, "unknown type bound"),
                };
            case 0x04:
                return new ExternDesc(ExternKind.Component, ReadIndex(ref cursor, scope, Sort.Type, "component type"));
            case 0x05:
                return new ExternDesc(ExternKind.Instance, ReadIndex(ref cursor, scope, Sort.Type, "instance type"));
            default:
                throw cursor.ErrorAt(at, "unknown extern type");
        }
    }
}
