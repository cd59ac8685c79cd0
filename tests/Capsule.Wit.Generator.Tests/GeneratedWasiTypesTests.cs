using System.Reflection;
using Capsule.Wasi.Generated.Wasi.Filesystem.Types;
using Capsule.Wasi.Generated.Wasi.Io.Streams;
using Capsule.Wit.Bindings;
using Capsule.Wit.Generator.Wasi;
using Capsule.Wit.Model;

namespace Capsule.Wit.Generator.Tests;

/// <summary>
/// The WASI types compiled by the build into Capsule.Wit.Generator.Wasi (the generator running as an
/// analyzer, as a host project will use it), inspected by reflection.
/// </summary>
public sealed class GeneratedWasiTypesTests
{
    private static readonly PackageSet Wasi = WitReader.ReadFolders(Directory.GetDirectories(RepoWit.Folder));

    [Fact]
    public void A_stream_write_takes_a_borrowed_handle_and_a_span_and_returns_a_result()
    {
        var write = typeof(IOutputStreamHost).GetMethod(nameof(IOutputStreamHost.Write))!;
        Assert.Equal(typeof(Result<Unit, StreamError>), write.ReturnType);
        Assert.Equal([typeof(Borrow<OutputStream>), typeof(ReadOnlySpan<byte>)], write.GetParameters().Select(p => p.ParameterType));
        Assert.Equal(["self", "contents"], write.GetParameters().Select(p => p.Name));
    }

    [Fact]
    public void Every_wit_variant_case_is_a_nested_sealed_record()
    {
        foreach (var variant in Wasi.Packages.SelectMany(p => p.Interfaces).SelectMany(i => i.Types).OfType<VariantDef>())
        {
            var type = GeneratedType(variant);
            var cases = type.GetNestedTypes().Where(t => t.BaseType == type).ToList();
            Assert.Equal(variant.Cases.Count, cases.Count);
            Assert.All(cases, c => Assert.True(c.IsSealed));
            Assert.Empty(type.GetConstructors()); // no public or protected constructor: closed
        }
    }

    [Fact]
    public void Every_wit_flags_type_is_a_flags_enum_of_powers_of_two()
    {
        var all = Wasi.Packages.SelectMany(p => p.Interfaces).SelectMany(i => i.Types).OfType<FlagsDef>().ToList();
        Assert.Contains(all, f => f.Name == "descriptor-flags");
        foreach (var flags in all)
        {
            var type = GeneratedType(flags);
            Assert.NotNull(type.GetCustomAttribute<FlagsAttribute>());
            var values = Enum.GetValues(type).Cast<object>().Select(Convert.ToUInt32).ToList();
            Assert.Equal(Enumerable.Range(0, flags.Flags.Count).Select(bit => 1u << bit), values);
        }
        Assert.Equal(1u << 5, (uint)DescriptorFlags.MutateDirectory);
    }

    [Fact]
    public void Records_keep_wit_field_order_with_escaped_names_in_pascal_case()
    {
        var stat = typeof(DescriptorStat);
        Assert.True(stat.IsSealed);
        var ctor = Assert.Single(stat.GetConstructors(), c => c.GetParameters().All(p => p.ParameterType != stat));
        Assert.Equal(["Type", "LinkCount", "Size", "DataAccessTimestamp", "DataModificationTimestamp", "StatusChangeTimestamp"],
            ctor.GetParameters().Select(p => p.Name));
        Assert.Equal(typeof(DescriptorType), stat.GetProperty("Type")!.PropertyType);
    }

    [Fact]
    public void A_host_written_against_the_generated_interface_runs()
    {
        var random = new RandomHost();
        Assert.Equal(16, random.GetRandomBytes(16).Length);
        Assert.True(typeof(Capsule.Wasi.Generated.Wasi.Random.Random.IRandom).IsAssignableFrom(typeof(RandomHost)));
    }

    private static Type GeneratedType(TypeDef definition)
    {
        var ns = $"Capsule.Wasi.Generated.{Pascal(definition.Owner.Package.Namespace)}.{Pascal(definition.Owner.Package.Name)}.{Pascal(definition.Owner.Interface!)}";
        var name = $"{ns}.{Pascal(definition.Name)}";
        return typeof(RandomHost).Assembly.GetType(name) ?? throw new InvalidOperationException($"{name} is not generated");
    }

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(p => char.ToUpperInvariant(p[0]) + (p.All(char.IsUpper) ? p[1..].ToLowerInvariant() : p[1..])));
}
