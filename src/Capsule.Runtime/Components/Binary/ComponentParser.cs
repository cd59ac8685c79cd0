namespace Capsule.Runtime.Components.Binary;

/// <summary>The state of one <see cref="ComponentReader.Read"/>: the source bytes and the limits; scopes are passed along.</summary>
internal sealed partial class ComponentParser(ReadOnlyMemory<byte> source, ComponentReaderLimits limits)
{
    private readonly ComponentReaderLimits _limits = limits;

    /// <summary>Reads a preamble and sections up to the end of <paramref name="cursor"/>.</summary>
    public ComponentModel ReadComponent(ref BinaryCursor cursor, Scope? parent)
    {
        var start = cursor.Offset;
        ReadPreamble(ref cursor);
        var scope = new Scope(parent, isComponent: true);
        if (scope.Depth >= _limits.MaxNesting)
        {
            throw cursor.ErrorAt(start, $"components nested more than {_limits.MaxNesting} deep");
        }
        var imports = new List<ComponentImport>();
        var exports = new List<ComponentExport>();
        var customs = new List<string>();
        var names = ComponentNames.Empty;
        while (!cursor.AtEnd)
        {
            cursor.Section = "section header";
            var id = cursor.ReadByte();
            var size = cursor.ReadU32();
            var section = cursor.Sub(size, "section size", SectionName(id));
            switch (id)
            {
                case 0:
                    var custom = section.ReadName("custom section name");
                    customs.Add(custom);
                    if (custom == "component-name")
                    {
                        names = ComponentNameSection.TryRead(ref section) ?? names;
                    }
                    continue; // custom contents are not validated
                case 1: ReadCoreModule(ref section, scope); continue; // the module's own sections end it
                case 2: ReadVector(ref section, scope, "core instances", ReadCoreInstance); break;
                case 3: ReadVector(ref section, scope, "core types", ReadCoreTypeEntry); break;
                case 4: ReadNestedComponent(ref section, scope); continue;
                case 5: ReadVector(ref section, scope, "instances", ReadInstance); break;
                case 6: ReadVector(ref section, scope, "aliases", ReadAliasEntry); break;
                case 7: ReadVector(ref section, scope, "types", ReadTypeEntry); break;
                case 8: ReadVector(ref section, scope, "canonical functions", ReadCanon); break;
                case 9: throw section.Error("start functions (component-model values) are not supported");
                case 10: ReadImports(ref section, scope, imports); break;
                case 11: ReadExports(ref section, scope, exports); break;
                case 12: throw section.Error("value definitions (component-model values) are not supported");
                default: throw section.Error($"unknown section id {id}");
            }
            section.ExpectEnd("section");
        }
        var spaces = scope.Spaces!.Select(s => (IReadOnlyList<Definition>)s.AsReadOnly()).ToArray();
        return new ComponentModel(spaces, imports.AsReadOnly(), exports.AsReadOnly(), null, names, customs.AsReadOnly());
    }

    private static void ReadPreamble(ref BinaryCursor cursor)
    {
        cursor.Section = "preamble";
        var start = cursor.Offset;
        if (cursor.Remaining < 8)
        {
            throw cursor.Error($"{cursor.Remaining} bytes is too short for a Wasm preamble (8)");
        }
        var preamble = cursor.ReadBytes(8, "preamble");
        if (!preamble[..4].SequenceEqual("\0asm"u8))
        {
            throw cursor.ErrorAt(start, "not a Wasm binary (bad magic)");
        }
        var version = (ushort)(preamble[4] | preamble[5] << 8);
        var layer = (ushort)(preamble[6] | preamble[7] << 8);
        if (layer == 0)
        {
            throw cursor.ErrorAt(start + 4, "this is a core module, not a component");
        }
        if (layer != 1 || version != ComponentReader.Version)
        {
            throw cursor.ErrorAt(start + 4, $"unsupported component version 0x{version:x} layer {layer} (expected 0x{ComponentReader.Version:x} layer 1)");
        }
    }

    private static string SectionName(byte id) => id switch
    {
        0 => "custom section",
        1 => "core module section",
        2 => "core instance section",
        3 => "core type section",
        4 => "component section",
        5 => "instance section",
        6 => "alias section",
        7 => "type section",
        8 => "canon section",
        9 => "start section",
        10 => "import section",
        11 => "export section",
        12 => "value section",
        _ => $"section {id}",
    };

    private delegate void EntryReader(ref BinaryCursor cursor, Scope scope);

    private static void ReadVector(ref BinaryCursor cursor, Scope scope, string what, EntryReader entry)
    {
        var count = cursor.ReadCount(what);
        for (var i = 0; i < count; i++)
        {
            entry(ref cursor, scope);
        }
    }

    /// <summary>Appends an item to an index space after checking the space's limit.</summary>
    private void Add(ref BinaryCursor cursor, Scope scope, Sort sort, Definition? definition)
    {
        var count = scope.Counts[(int)sort];
        var instantiable = sort is Sort.CoreModule or Sort.CoreInstance or Sort.Component or Sort.Instance;
        var limit = instantiable ? _limits.MaxInstantiables : _limits.MaxIndexSpaceSize;
        if (count >= limit)
        {
            throw cursor.Error($"more than {limit} items in the {sort.Name()} index space");
        }
        scope.Counts[(int)sort] = count + 1;
        if (scope.Spaces is { } spaces)
        {
            spaces[(int)sort].Add(definition ?? throw new InvalidOperationException("a component scope needs its definition"));
        }
    }

    /// <summary>Checks that <paramref name="index"/> names an existing item of <paramref name="sort"/>.</summary>
    private static uint CheckIndex(ref BinaryCursor cursor, Scope scope, Sort sort, uint index, string what)
    {
        var count = scope.Counts[(int)sort];
        if (index >= (uint)count)
        {
            throw cursor.Error($"{what}: {sort.Name()} index {index} is out of range ({count} defined)");
        }
        return index;
    }

    private static uint ReadIndex(ref BinaryCursor cursor, Scope scope, Sort sort, string what) =>
        CheckIndex(ref cursor, scope, sort, cursor.ReadU32(), what);

    private static Sort ReadSort(ref BinaryCursor cursor)
    {
        var at = cursor.Offset;
        var code = cursor.ReadByte();
        if (code == 0x00)
        {
            var core = cursor.ReadByte();
            return Sorts.FromCore(core) ?? throw cursor.ErrorAt(at, $"unknown core sort 0x{core:x2}");
        }
        return code switch
        {
            0x01 => Sort.Func,
            0x02 => Sort.Value,
            0x03 => Sort.Type,
            0x04 => Sort.Component,
            0x05 => Sort.Instance,
            _ => throw cursor.ErrorAt(at, $"unknown sort 0x{code:x2}"),
        };
    }

    private static SortIndex ReadSortIndex(ref BinaryCursor cursor, Scope scope, string what)
    {
        var sort = ReadSort(ref cursor);
        if (sort == Sort.Value)
        {
            throw cursor.Error($"{what}: values (component-model values) are not supported");
        }
        return new SortIndex(sort, ReadIndex(ref cursor, scope, sort, what));
    }
}
