namespace Capsule.Wit.Tests;

/// <summary>Records, variants, enums, flags and aliases, and the types written inside them.</summary>
public class TypeDefinitionTests
{
    [Fact]
    public void A_record_keeps_its_fields_in_order_with_their_types()
    {
        var record = Wit.Type<RecordDef>("record point { x: s32, y: f64, %type: string, float32: u8 }", "point");

        Assert.Equal(["x", "y", "type", "float32"], record.Fields.Select(f => f.Name));
        Assert.Equal(
            [new PrimitiveType(Primitive.S32), new PrimitiveType(Primitive.F64), new PrimitiveType(Primitive.String), new PrimitiveType(Primitive.U8)],
            record.Fields.Select(f => f.Type));
        Assert.Equal(new TypeOwner(new PackageName("test", "pkg", null), "i", null), record.Owner);
    }

    [Fact]
    public void A_variant_has_cases_with_and_without_payloads()
    {
        var variant = Wit.Type<VariantDef>("variant shape { none, circle(u32), many(list<u8>) }", "shape");

        Assert.Equal(["none", "circle", "many"], variant.Cases.Select(c => c.Name));
        Assert.Null(variant.Cases[0].Type);
        Assert.Equal(new PrimitiveType(Primitive.U32), variant.Cases[1].Type);
        Assert.Equal(new PrimitiveType(Primitive.U8), Assert.IsType<ListType>(variant.Cases[2].Type).Element);
    }

    [Fact]
    public void An_enum_and_flags_keep_their_names_in_order()
    {
        var body = "enum color { red, green, blue }\nflags access { read, write, execute }";

        Assert.Equal(["red", "green", "blue"], Wit.Type<EnumDef>(body, "color").Cases.Select(c => c.Name));
        Assert.Equal(["read", "write", "execute"], Wit.Type<FlagsDef>(body, "access").Flags.Select(f => f.Name));
    }

    [Fact]
    public void An_alias_names_its_target_and_references_to_it_resolve_to_the_alias()
    {
        var iface = Wit.Interface("type size = u64;\nget: func() -> size;");

        var alias = Assert.IsType<AliasDef>(iface.FindType("size"));
        Assert.Equal(new PrimitiveType(Primitive.U64), alias.Target);
        Assert.Same(alias, Assert.IsType<NamedType>(iface.Functions.Single().Result).Definition);
    }

    [Fact]
    public void Option_list_fixed_list_and_tuple_nest()
    {
        var alias = Wit.Type<AliasDef>("type t = option<list<tuple<string, u8, bool>>>;\ntype fixed = list<u8, 4>;", "t");

        var list = Assert.IsType<ListType>(Assert.IsType<OptionType>(alias.Target).Some);
        Assert.Null(list.Length);
        var tuple = Assert.IsType<TupleType>(list.Element);
        Assert.Equal([Primitive.String, Primitive.U8, Primitive.Bool], tuple.Elements.Select(e => ((PrimitiveType)e).Kind));
        Assert.Equal(4, Assert.IsType<ListType>(Wit.Type<AliasDef>("type fixed = list<u8, 4>;", "fixed").Target).Length);
    }

    [Fact]
    public void Result_has_four_forms()
    {
        var iface = Wit.Interface("a: func() -> result;\nb: func() -> result<u32>;\nc: func() -> result<_, string>;\nd: func() -> result<u32, string>;");

        var results = iface.Functions.Select(f => Assert.IsType<ResultType>(f.Result)).ToList();
        var u32 = new PrimitiveType(Primitive.U32);
        var text = new PrimitiveType(Primitive.String);
        Assert.Equal([new ResultType(null, null), new ResultType(u32, null), new ResultType(null, text), new ResultType(u32, text)], results);
    }

    [Fact]
    public void A_type_may_be_used_before_it_is_defined()
    {
        var iface = Wit.Interface("record outer { inner: inner }\nrecord inner { x: u8 }");

        var field = Assert.IsType<NamedType>(Assert.IsType<RecordDef>(iface.Types[0]).Fields[0].Type);
        Assert.Same(iface.FindType("inner"), field.Definition);
        Assert.Equal(["outer", "inner"], iface.Types.Select(t => t.Name));
    }

    [Fact]
    public void Async_functions_futures_streams_and_error_context_are_read()
    {
        var iface = Wit.Interface("f: async func(s: stream<u8>, e: error-context) -> future<string>;\ng: func(s: stream, f: future);");

        var f = iface.Functions[0];
        Assert.True(f.IsAsync);
        Assert.Equal(new StreamType(new PrimitiveType(Primitive.U8)), f.Params[0].Type);
        Assert.Equal(new PrimitiveType(Primitive.ErrorContext), f.Params[1].Type);
        Assert.Equal(new FutureType(new PrimitiveType(Primitive.String)), f.Result);
        Assert.Equal([new StreamType(null), new FutureType(null)], iface.Functions[1].Params.Select(p => p.Type));
        Assert.False(iface.Functions[1].IsAsync);
    }
}
