using System.Diagnostics;

namespace Capsule.Wit.Tests;

/// <summary>The model compares by value, as a source generator's incremental cache needs.</summary>
public class ModelEqualityTests
{
    private static readonly string[] WitFolders = Directory.GetDirectories(Path.Combine(Guests.RepoRoot, "wit"));

    [Fact]
    public void Two_readings_of_the_same_files_are_equal_and_hash_alike()
    {
        var first = WitReader.ReadFolders(WitFolders);
        var second = WitReader.ReadFolders(WitFolders);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void A_change_anywhere_makes_the_readings_differ()
    {
        const string Text = "package a:b;\ninterface i {\n  record r { x: u8 }\n  f: func(a: r) -> list<r>;\n}";

        var original = Wit.Read(Text);

        Assert.Equal(original, Wit.Read(Text));
        Assert.NotEqual(original, Wit.Read(Text.Replace("x: u8", "x: u16")));
        Assert.NotEqual(original, Wit.Read(Text.Replace("list<r>", "option<r>")));
        Assert.NotEqual(original, Wit.Read(Text.Replace("f: func", "/// Docs.\n  f: func")));
    }

    [Fact]
    public void Comparing_every_WASI_package_is_quick_enough_for_a_generator_cache()
    {
        var first = WitReader.ReadFolders(WitFolders);
        var second = WitReader.ReadFolders(WitFolders);

        var clock = Stopwatch.StartNew();
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());

        // Generous: shared definitions are compared again where each is used, which must not blow up.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"comparing took {clock.Elapsed}");
    }
}
