using System.Text.RegularExpressions;

namespace Capsule.Packaging.Tests;

/// <summary>
/// What a new user does with the packages: `dotnet new web` + Capsule.AspNetCore from a folder feed, and
/// `dotnet tool install capsule` from it, each served on 127.0.0.1 and answering with the guest's words.
/// </summary>
public sealed partial class PackagesFromAFolderFeedTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void The_feed_holds_every_package_with_symbols_readme_and_license()
    {
        foreach (var id in new[] { "Capsule.Wit", "Capsule.Runtime", "Capsule.Wasi", "Capsule.Hosting", "Capsule.AspNetCore", "Capsule.Plugins", "capsule" })
        {
            var package = Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg");
            Assert.True(File.Exists(package), $"{package} was not packed");
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbols package");
            using var zip = System.IO.Compression.ZipFile.OpenRead(package);
            Assert.NotNull(zip.GetEntry("README.md"));
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var text = nuspec.ReadToEnd();
            Assert.Contains("<license type=\"expression\">Apache-2.0</license>", text, StringComparison.Ordinal);
            if (id != "capsule")
            {
                Assert.Contains(zip.Entries, e => e.FullName == $"lib/{(id == "Capsule.Wit" ? "netstandard2.0" : "net10.0")}/{id}.xml");
            }
        }
    }

    [Fact]
    public async Task A_dotnet_new_web_project_with_the_packages_serves_a_component_with_MapWasm()
    {
        var web = Path.Combine(feed.Root, "web");
        feed.DotNet(feed.Root, "new", "web", "--output", web, "--name", "HelloWasm", "--no-restore");
        feed.DotNet(web, "add", "package", "Capsule.AspNetCore", "--version", feed.Version);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(web, "hello.wasm"));
        // The template's Program.cs plus two lines: no `using` for Capsule (the extensions live in ASP.NET Core's namespaces).
        var program = File.ReadAllText(Path.Combine(web, "Program.cs"));
        program = program
            .Replace("var app = builder.Build();", "builder.Services.AddCapsule();\nvar app = builder.Build();", StringComparison.Ordinal)
            .Replace("app.Run();", "app.MapWasm(\"/hello/{**rest}\", \"hello.wasm\", c => c.Memory(\"64MiB\"));\napp.Run();", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(web, "Program.cs"), program);
        feed.DotNet(web, "build", "-c", "Release", "--no-restore");

        var start = DotNetProcess.StartInfo("dotnet", web, feed.ChildEnvironment(),
            Path.Combine(web, "bin", "Release", "net10.0", "HelloWasm.dll"), "--urls", "http://127.0.0.1:0");
        var (server, address) = await ServerProcess.Start(start, NowListening(), ListenTimeout);
        using (server)
        using (var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) })
        {
            Assert.Equal("hello from wat\n", await client.GetStringAsync("/hello/world"));
            Assert.Equal("Hello World!", await client.GetStringAsync("/"));
        }
    }

    [Fact]
    public async Task The_capsule_tool_installs_from_the_feed_and_serves_an_app()
    {
        var tools = Path.Combine(feed.Root, "tools");
        feed.DotNet(feed.Root, "tool", "install", "capsule", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version);
        var capsule = Path.Combine(tools, "capsule");

        var version = DotNetProcess.Run(capsule, feed.Root, PackedFeed.StepTimeout, feed.ChildEnvironment(), "--version");
        // The version of the build that was packed (packed with --no-build, so the assembly keeps the build's
        // own version and commit: 0.1.0-preview.1+<commit>), whatever the package's version.
        var built = System.Diagnostics.FileVersionInfo.GetVersionInfo(Path.Combine(Guests.RepoRoot, "src", "Capsule.Cli", "bin", "Release", "net10.0", "capsule.dll"));
        Assert.StartsWith("0.1.0", version.Trim(), StringComparison.Ordinal);
        Assert.Equal(built.ProductVersion, version.Trim());

        var app = Path.Combine(feed.Root, "app");
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));
        File.WriteAllText(Path.Combine(app, "spin.toml"), """
            spin_manifest_version = 2

            [application]
            name = "packaged-hello"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            """);
        var start = DotNetProcess.StartInfo(capsule, app, feed.ChildEnvironment(), "up", app, "--listen", "127.0.0.1:0");
        var (server, address) = await ServerProcess.Start(start, Serving(), ListenTimeout);
        using (server)
        using (var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) })
        {
            Assert.Equal("hello from wat\n", await client.GetStringAsync("/anything"));
        }
    }

    [Fact]
    public void Capsule_Plugins_generates_csharp_from_the_projects_wit_files()
    {
        var lib = Path.Combine(feed.Root, "tenant");
        feed.DotNet(feed.Root, "new", "classlib", "--output", lib, "--name", "Tenant", "--no-restore");
        feed.DotNet(lib, "add", "package", "Capsule.Plugins", "--version", feed.Version);
        Directory.CreateDirectory(Path.Combine(lib, "wit"));
        File.WriteAllText(Path.Combine(lib, "wit", "greeter.wit"), """
            package demo:greet;

            interface greeter {
                record greeting { text: string, loud: bool }
                greet: func(name: string) -> greeting;
            }
            """);
        // Compiles only if the generator in the package made the interface and its record from wit/greeter.wit.
        File.WriteAllText(Path.Combine(lib, "Class1.cs"), """
            namespace Tenant;

            public sealed class Shouter : Tenant.Wit.Demo.Greet.Greeter.IGreeter
            {
                public Tenant.Wit.Demo.Greet.Greeter.Greeting Greet(string name) => new(name.ToUpperInvariant(), true);
            }
            """);
        var output = feed.DotNet(lib, "build", "-c", "Release", "--no-restore");
        Assert.Contains("Tenant.dll", output, StringComparison.Ordinal);

        // A .wit file that does not parse is a compile error at its file and line, from the packaged generator.
        File.AppendAllText(Path.Combine(lib, "wit", "greeter.wit"), "\ninterface broken { oops: func( }\n");
        var failure = Assert.Throws<InvalidOperationException>(() => feed.DotNet(lib, "build", "-c", "Release", "--no-restore"));
        Assert.Contains("greeter.wit(7,", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CWIT001", failure.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("Now listening on: http://")]
    private static partial Regex NowListening();

    [GeneratedRegex("^Serving packaged-hello on http://")]
    private static partial Regex Serving();
}
