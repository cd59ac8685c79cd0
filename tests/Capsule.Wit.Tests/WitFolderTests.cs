using System.Text.RegularExpressions;

namespace Capsule.Wit.Tests;

/// <summary>
/// Every package under the repository's wit/ folder reads and resolves. The counts the reader gives
/// are checked against counts taken from the text by line patterns, which know nothing of the parser.
/// </summary>
public class WitFolderTests
{
    private static readonly string WitRoot = Path.Combine(Guests.RepoRoot, "wit");

    public static TheoryData<string> PackageFolders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(WitRoot).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    /// <summary>The folders whose upstream text gates items with <c>@since</c> (WASI's; Spin's and the drafts have none).</summary>
    public static TheoryData<string> SinceGatedFolders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(WitRoot).OrderBy(f => f, StringComparer.Ordinal))
        {
            if (FolderText(Path.GetFileName(folder)).Contains("@since(", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(folder));
            }
        }
        return data;
    }

    [Fact]
    public void The_seven_WASI_packages_are_there_at_the_version_the_host_defines()
    {
        var set = ReadAll(WitReaderOptions.Default);

        var names = set.Packages.Select(p => p.Name.ToString()).Where(n => n.EndsWith("@0.2.12", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(
            ["wasi:cli@0.2.12", "wasi:clocks@0.2.12", "wasi:filesystem@0.2.12", "wasi:http@0.2.12", "wasi:io@0.2.12", "wasi:random@0.2.12", "wasi:sockets@0.2.12"],
            names);
    }

    [Fact]
    public void The_host_service_packages_are_there_at_the_versions_Spin_imports()
    {
        var set = ReadAll(WitReaderOptions.Default);

        var names = set.Packages.Select(p => p.Name.ToString()).Where(n => !n.EndsWith("@0.2.12", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(
            ["fermyon:spin-cron@2.0.0", "fermyon:spin@2.0.0", "spin:sqlite@3.0.0", "wasi:config@0.2.0-draft-2024-09-27", "wasi:keyvalue@0.2.0-draft2"],
            names);
        Assert.Equal(["key-value", "redis", "sqlite", "variables"], set.FindPackage("fermyon:spin@2.0.0")!.Interfaces.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["atomics", "batch", "store", "watcher"], set.FindPackage("wasi:keyvalue@0.2.0-draft2")!.Interfaces.Select(i => i.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PackageFolders))]
    public void A_package_has_as_many_interfaces_functions_types_and_uses_as_its_text_declares(string folder)
    {
        var text = FolderText(folder);
        var declared = Regex.Match(text, @"^package\s+([a-z-]+:[a-z-]+@[0-9a-z.-]+);", RegexOptions.Multiline).Groups[1].Value;

        var package = ReadAll(new WitReaderOptions { AllFeatures = true }).FindPackage(declared);

        Assert.NotNull(package);
        var interfaces = package.Interfaces;
        Assert.Equal(Count(text, @"^\s*interface\s+[a-z0-9-]+\s*\{"), interfaces.Count);
        Assert.Equal(Count(text, @"^\s*world\s+[a-z0-9-]+\s*\{"), package.Worlds.Count);
        Assert.Equal(
            Count(text, @"^\s*%?[a-zA-Z0-9-]+\s*:\s*(static\s+)?(async\s+)?func\s*\(") + Count(text, @"^\s*constructor\s*\("),
            interfaces.Sum(i => i.Functions.Count));
        Assert.Equal(Count(text, @"^\s*(record|variant|enum|flags|resource|type)\s+%?[a-zA-Z0-9-]+"), interfaces.Sum(i => i.Types.Count));
        Assert.Equal(Count(text, @"^\s*use\s+[^;]*\.\{"), interfaces.Sum(i => i.Uses.Count) + package.Worlds.Sum(w => w.Uses.Count));
        foreach (var world in package.Worlds)
        {
            // Included worlds add to what a world writes itself; without includes the two are equal.
            var worldText = WorldText(text, world.Name);
            var included = Count(worldText, @"^\s*include\s") > 0;
            Assert.True(included || world.Imports.Count == Count(worldText, @"^\s*import\s"), $"imports of {world.Name}");
            Assert.True(world.Imports.Count >= Count(worldText, @"^\s*import\s"), $"imports of {world.Name}");
            Assert.Equal(Count(worldText, @"^\s*export\s"), world.Exports.Count);
        }
    }

    [Theory]
    [MemberData(nameof(SinceGatedFolders))]
    public void Since_gates_stay_on_the_interfaces_and_functions_they_mark(string folder)
    {
        var text = FolderText(folder);
        var declared = Regex.Match(text, @"^package\s+([a-z-]+:[a-z-]+@[0-9a-z.-]+);", RegexOptions.Multiline).Groups[1].Value;

        var package = ReadAll(new WitReaderOptions { AllFeatures = true }).FindPackage(declared)!;

        var sinceInterfaces = Count(text, @"^\s*@since\(version = [0-9.]+\)\s*\n\s*interface\s");
        Assert.NotEqual(0, sinceInterfaces);
        Assert.Equal(sinceInterfaces, package.Interfaces.Count(i => i.Gate.Since is not null));
        Assert.Equal(
            Count(text, @"^\s*@since\(version = [0-9.]+\)\s*\n\s*(%?[a-z0-9-]+\s*:\s*(static\s+)?func|constructor)\s*\("),
            package.Interfaces.Sum(i => i.Functions.Count(f => f.Gate.Since is not null)));
    }

    [Fact]
    public void Doc_comments_of_the_upstream_files_are_kept()
    {
        var poll = ReadAll(WitReaderOptions.Default).FindInterface("wasi:io/poll@0.2.12")!;

        Assert.Equal("A poll API intended to let users wait for I/O events on multiple handles\nat once.", poll.Docs);
        Assert.Equal(
            "Return the readiness of a pollable. This function never blocks.\n\nReturns `true` when the pollable is ready, and `false` otherwise.",
            poll.FindFunction("[method]pollable.ready")!.Docs);
        Assert.Equal("0.2.0", poll.FindType("pollable")!.Gate.Since);
    }

    [Fact]
    public void Unstable_items_are_left_out_unless_their_feature_is_enabled()
    {
        var text = FolderText("wasi-clocks");
        var gatedInterfaces = Count(text, @"^\s*@unstable\(feature = clocks-timezone\)\s*\n\s*interface\s");
        Assert.True(gatedInterfaces > 0, "wasi-clocks has a gated interface to test with");

        var byDefault = ReadAll(WitReaderOptions.Default).FindPackage("wasi:clocks@0.2.12")!;
        var withFeature = ReadAll(new WitReaderOptions { Features = ["clocks-timezone"] }).FindPackage("wasi:clocks@0.2.12")!;

        Assert.Null(byDefault.FindInterface("timezone"));
        Assert.DoesNotContain(byDefault.FindWorld("imports")!.Imports, i => i.Name.Contains("timezone"));
        Assert.Equal(byDefault.Interfaces.Count + gatedInterfaces, withFeature.Interfaces.Count);
        var timezone = withFeature.FindInterface("timezone")!;
        Assert.Equal("clocks-timezone", timezone.Gate.Unstable);
        Assert.Contains(withFeature.FindWorld("imports")!.Imports, i => i.Name == "wasi:clocks/timezone@0.2.12");
        var datetime = Assert.IsType<NamedType>(timezone.FindFunction("display")!.Params[0].Type);
        Assert.Same(withFeature.FindInterface("wall-clock")!.FindType("datetime"), datetime.Definition);
    }

    [Fact]
    public void The_proxy_world_imports_what_it_includes_and_exports_the_handler()
    {
        var set = ReadAll(WitReaderOptions.Default);

        var proxy = set.FindPackage("wasi:http@0.2.12")!.FindWorld("proxy")!;

        Assert.Equal(["wasi:http/incoming-handler@0.2.12"], proxy.Exports.Select(e => e.Name));
        Assert.Contains(proxy.Imports, i => i.Name == "wasi:http/outgoing-handler@0.2.12");
        Assert.Contains(proxy.Imports, i => i.Name == "wasi:clocks/monotonic-clock@0.2.12");
        var stdout = Assert.IsType<WorldInterface>(proxy.Imports.Single(i => i.Name == "wasi:cli/stdout@0.2.12"));
        Assert.Same(set.FindInterface("wasi:cli/stdout@0.2.12"), stdout.Interface);
    }

    [Fact]
    public void Types_used_across_packages_are_the_definitions_of_the_package_that_defines_them()
    {
        var set = ReadAll(WitReaderOptions.Default);
        var streams = set.FindInterface("wasi:io/streams@0.2.12")!;
        var types = set.FindInterface("wasi:http/types@0.2.12")!;

        var consume = types.FindFunction("[method]incoming-body.stream")!;
        var ok = Assert.IsType<HandleType>(Assert.IsType<ResultType>(consume.Result).Ok);

        Assert.Same(streams.FindType("input-stream"), ok.Resource);
        Assert.Equal(new TypeOwner(streams.Package, "streams", null), ok.Resource.Owner);
        var ioError = types.Uses.SelectMany(u => u.Types).Single(t => t.LocalName == "io-error");
        Assert.Same(set.FindInterface("wasi:io/error@0.2.12")!.FindType("error"), ioError.Definition);
    }

    private static PackageSet ReadAll(WitReaderOptions options) =>
        WitReader.ReadFolders(Directory.GetDirectories(WitRoot), options);

    private static string FolderText(string folder) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(WitRoot, folder), "*.wit").Select(File.ReadAllText));

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern, RegexOptions.Multiline).Count;

    /// <summary>The text of world <paramref name="name"/>: from its line to the next closing brace at line start.</summary>
    private static string WorldText(string text, string name) =>
        Regex.Match(text, $@"^world\s+{name}\s*\{{.*?^\}}", RegexOptions.Multiline | RegexOptions.Singleline).Value;
}
