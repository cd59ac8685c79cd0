using Microsoft.CodeAnalysis;

namespace Capsule.Wit.Generator.Tests;

/// <summary>The C# generated for each kind of WIT type, compiled and inspected through the compiler's symbols.</summary>
public sealed class InlineWitTests
{
    private const string Ns = GeneratorRun.Root + ".My.Pkg.Things";

    private const string Wit = """
        package my:pkg@1.0.0;

        interface things {
            /// A point <on> a plane & more.
            record point { x: s32, y: s32, %type: string }
            enum color { red, green, DNS-blue }
            flags perms { read, write, exec, admin }
            variant shape { circle(f64), empty, poly(list<point>) }
            type id = u64;
            resource blob {
                constructor(data: list<u8>);
                size: func() -> id;
                merge: static func(a: borrow<blob>, b: own<blob>) -> blob;
                read: func(len: u32) -> result<list<u8>, color>;
            }
            pair: func(a: tuple<u32, string>, b: option<option<u8>>, %in: list<string>) -> option<string>;
            nothing: func() -> result;
        }
        """;

    private static readonly GeneratorRun Run = GeneratorRun.Of(Wit);

    [Fact]
    public void Generated_code_compiles_without_diagnostics() => Assert.Equal("", Run.Problems);

    [Fact]
    public void A_record_is_a_sealed_record_with_a_property_per_field_and_its_docs()
    {
        var point = Run.Type($"{Ns}.Point");
        Assert.True(point.IsRecord);
        Assert.True(point.IsSealed);
        Assert.Equal(["int X", "int Y", "string Type"], Properties(point));
        Assert.Contains("/// A point &lt;on&gt; a plane &amp; more.", Run.AllText);
    }

    [Fact]
    public void An_enum_has_a_pascal_case_member_per_case_in_order()
    {
        var color = Run.Type($"{Ns}.Color");
        Assert.Equal(TypeKind.Enum, color.TypeKind);
        Assert.Equal(["Red", "Green", "DnsBlue"], color.GetMembers().OfType<IFieldSymbol>().Select(f => $"{f.Name}"));
        Assert.Equal([0, 1, 2], color.GetMembers().OfType<IFieldSymbol>().Select(f => Convert.ToInt32(f.ConstantValue)));
    }

    [Fact]
    public void Flags_are_a_flags_enum_whose_values_are_the_powers_of_two_in_order()
    {
        var perms = Run.Type($"{Ns}.Perms");
        Assert.Contains(perms.GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute");
        Assert.Equal(SpecialType.System_UInt32, perms.EnumUnderlyingType?.SpecialType);
        var values = perms.GetMembers().OfType<IFieldSymbol>().Select(f => (f.Name, Value: Convert.ToUInt32(f.ConstantValue)));
        Assert.Equal([("Read", 1u), ("Write", 2u), ("Exec", 4u), ("Admin", 8u)], values);
    }

    [Fact]
    public void A_variant_is_an_abstract_record_with_a_sealed_record_per_case()
    {
        var shape = Run.Type($"{Ns}.Shape");
        Assert.True(shape.IsAbstract);
        Assert.True(shape.IsRecord);
        var cases = shape.GetTypeMembers();
        Assert.Equal(["Circle", "Empty", "Poly"], cases.Select(c => c.Name));
        Assert.All(cases, c => Assert.True(c.IsSealed && c.IsRecord && SymbolEqualityComparer.Default.Equals(c.BaseType, shape)));
        Assert.Equal(["double Value"], Properties(cases[0]));
        Assert.Empty(Properties(cases[1]));
        Assert.Equal([$"System.Collections.Generic.IReadOnlyList<{Ns}.Point> Value"], Properties(cases[2]));
    }

    [Fact]
    public void A_variant_is_closed_no_other_type_can_derive_from_it()
    {
        var run = GeneratorRun.Of(Wit, extraSource: $"public sealed record Square : {Ns}.Shape;");
        Assert.Contains(run.CompileDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains("inaccessible", StringComparison.Ordinal));
    }

    [Fact]
    public void A_resource_has_a_host_interface_with_typed_handles_and_drop()
    {
        var host = Run.Type($"{Ns}.IBlobHost");
        Assert.Equal(
        [
            $"Capsule.Wit.Bindings.Resource<{Ns}.Blob> New(System.ReadOnlySpan<byte> data)",
            $"ulong Size(Capsule.Wit.Bindings.Borrow<{Ns}.Blob> self)",
            $"Capsule.Wit.Bindings.Resource<{Ns}.Blob> Merge(Capsule.Wit.Bindings.Borrow<{Ns}.Blob> a, Capsule.Wit.Bindings.Resource<{Ns}.Blob> b)",
            $"Capsule.Wit.Bindings.Result<byte[], {Ns}.Color> Read(Capsule.Wit.Bindings.Borrow<{Ns}.Blob> self, uint len)",
            $"void Drop(Capsule.Wit.Bindings.Resource<{Ns}.Blob> self)",
        ], Methods(host));
    }

    [Fact]
    public void The_interface_has_its_freestanding_functions_and_a_property_per_resource()
    {
        var things = Run.Type($"{Ns}.IThings");
        Assert.Equal([$"{Ns}.IBlobHost Blob"], Properties(things));
        Assert.Equal(
        [
            "string? Pair((uint, string) a, Capsule.Wit.Bindings.Option<byte?> b, System.Collections.Generic.IReadOnlyList<string> in)",
            "Capsule.Wit.Bindings.Result<Capsule.Wit.Bindings.Unit, Capsule.Wit.Bindings.Unit> Nothing()",
        ], Methods(things));
    }

    [Fact]
    public void A_host_class_implements_the_generated_interfaces()
    {
        var host = $$"""
            using System;
            using System.Collections.Generic;
            using Capsule.Wit.Bindings;
            using {{Ns}};
            public sealed class Things : IThings, IBlobHost
            {
                public IBlobHost Blob => this;
                public string? Pair((uint, string) a, Option<byte?> b, IReadOnlyList<string> @in) => b.HasValue ? a.Item2 : null;
                public Result<Unit, Unit> Nothing() => Result<Unit, Unit>.Ok(Unit.Value); // implicit conversion is ambiguous when T == E
                public Resource<Blob> New(ReadOnlySpan<byte> data) => new((uint)data.Length);
                public ulong Size(Borrow<Blob> self) => self.Handle;
                public Resource<Blob> Merge(Borrow<Blob> a, Resource<Blob> b) => b;
                public Result<byte[], Color> Read(Borrow<Blob> self, uint len) => len == 0 ? Color.Red : new byte[len];
                public void Drop(Resource<Blob> self) { }
            }
            """;
        Assert.Equal("", GeneratorRun.Of(Wit, extraSource: host).Problems);
    }

    [Fact]
    public void A_wit_change_the_host_no_longer_matches_is_a_compile_error()
    {
        var host = $$"""
            public sealed class Host : {{GeneratorRun.Root}}.A.B.C.IC
            {
                public uint Get(string key) => (uint)key.Length;
            }
            """;
        Assert.Equal("", GeneratorRun.Of("package a:b; interface c { get: func(key: string) -> u32; }", extraSource: host).Problems);

        var changed = GeneratorRun.Of("package a:b; interface c { get: func(key: string) -> u64; }", extraSource: host);
        Assert.Contains(changed.CompileDiagnostics, d => d.Id == "CS0738"); // does not implement IC.Get: wrong return type
    }

    private static IEnumerable<string> Properties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>().Where(p => p.Name != "EqualityContract")
            .Select(p => $"{p.Type.ToDisplayString()} {p.Name}");

    private static IEnumerable<string> Methods(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary)
            .Select(m => $"{m.ReturnType.ToDisplayString()} {m.Name}({string.Join(", ", m.Parameters.Select(p => $"{p.Type.ToDisplayString()} {p.Name}"))})");
}
