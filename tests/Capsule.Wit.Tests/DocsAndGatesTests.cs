namespace Capsule.Wit.Tests;

/// <summary>Doc comments are kept on what they document; feature gates are kept or items left out.</summary>
public class DocsAndGatesTests
{
    [Fact]
    public void Line_and_block_doc_comments_attach_to_the_next_item_and_plain_comments_do_not()
    {
        var set = Wit.Read("""
            /// The package.
            package test:pkg;

            /// An interface
            /// on two lines.
            interface i {
                // a plain comment
                /* and a /* nested */ block */
                /**
                 * A record.
                 */
                record r {
                    /// The x.
                    x: u8,
                    y: u8,
                }
                variant v {
                    /// First.
                    a,
                }
                //// four slashes are a plain comment
                f: func();
            }
            """);
        var package = set.Packages.Single();
        var iface = package.Interfaces.Single();

        Assert.Equal("The package.", package.Docs);
        Assert.Equal("An interface\non two lines.", iface.Docs);
        var record = Assert.IsType<RecordDef>(iface.FindType("r"));
        Assert.Equal("A record.", record.Docs);
        Assert.Equal(["The x.", ""], record.Fields.Select(f => f.Docs));
        Assert.Equal("First.", Assert.IsType<VariantDef>(iface.FindType("v")).Cases[0].Docs);
        Assert.Equal("", iface.Functions.Single().Docs);
    }

    [Fact]
    public void Since_and_deprecated_gates_are_kept_and_docs_before_a_gate_belong_to_the_item()
    {
        var iface = Wit.Interface("""
            /// Now.
            @since(version = 0.2.0)
            @deprecated(version = 0.2.2)
            now: func() -> u64;
            @since(version = 0.2.1, feature = clocks)
            type t = u8;
            """);

        var now = iface.Functions.Single();
        Assert.Equal(new Gate("0.2.0", null, "0.2.2"), now.Gate);
        Assert.Equal("Now.", now.Docs);
        Assert.Equal(new Gate("0.2.1", null, null), iface.FindType("t")!.Gate);
    }

    [Fact]
    public void Unstable_items_are_left_out_unless_their_feature_or_all_features_are_enabled()
    {
        const string Text = """
            package test:pkg;
            interface i {
                stable: func();
                @unstable(feature = fancy)
                fancy: func();
                resource r {
                    @unstable(feature = fancy)
                    constructor();
                }
            }
            @unstable(feature = other)
            interface later {}
            """;

        var byDefault = Wit.Read(Text).Packages.Single();
        var fancy = Wit.Read(Text, new WitReaderOptions { Features = ["fancy"] }).Packages.Single();
        var all = Wit.Read(Text, new WitReaderOptions { AllFeatures = true }).Packages.Single();

        Assert.Equal(["stable"], byDefault.Interfaces.Single().Functions.Select(f => f.ExternName));
        Assert.Equal(["stable", "fancy", "[constructor]r"], fancy.Interfaces.Single().Functions.Select(f => f.ExternName));
        Assert.Equal("fancy", fancy.Interfaces.Single().FindFunction("fancy")!.Gate.Unstable);
        Assert.Equal(["i", "later"], all.Interfaces.Select(i => i.Name));
    }
}
