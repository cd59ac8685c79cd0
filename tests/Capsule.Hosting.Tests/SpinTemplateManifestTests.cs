using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Manifests as Spin's templates write them (issue 23 item 5): a build command list run in
/// order, <c>workdir</c>, <c>watch</c> and <c>tool</c> tables, all read as Spin reads them.
/// </summary>
public sealed class SpinTemplateManifestTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Spin 3's http-js template (spin-js-sdk templates/http-js/content/spin.toml), names filled in.
    private const string HttpJsTemplate = """
        spin_manifest_version = 2

        [application]
        authors = ["Ada <ada@example.com>"]
        description = ""
        name = "spin3js"
        version = "0.1.0"

        [[trigger.http]]
        route = "/..."
        component = "spin3js"

        [component.spin3js]
        source = "dist/spin3js.wasm"
        exclude_files = ["**/node_modules"]
        allowed_outbound_hosts = []
        [component.spin3js.build]
        command = ["npm install", "npm run build"]
        watch = ["src/**/*.(ts|js)", "package.json"]
        """;

    private AppManifest Parse(string text) =>
        ManifestLoader.Parse(text, _dir.Combine("spin.toml"), "spin.toml", checkSources: false);

    [Fact]
    public void The_http_js_template_reads_with_its_command_list()
    {
        var build = Parse(HttpJsTemplate).Components["spin3js"].Build!;

        Assert.Equal(["npm install", "npm run build"], build.Commands);
        Assert.Equal(_dir.Path, build.WorkingDirectory);
    }

    [Fact]
    public void Commands_run_in_order_in_the_workdir()
    {
        Directory.CreateDirectory(_dir.Combine("web"));
        var manifest = Parse(Manifest("""["echo one >> log.txt", "echo two >> log.txt", "pwd >> log.txt"]""", "workdir = \"web\""));

        ComponentBuilder.BuildAll(manifest, _ => { });

        var log = File.ReadAllLines(_dir.Combine("web", "log.txt"));
        Assert.Equal(["one", "two", Path.Combine(_dir.Path, "web")], log);
    }

    [Fact]
    public void A_failing_command_stops_the_build_and_is_named()
    {
        var manifest = Parse(Manifest("""["echo one >> log.txt", "exit 3", "echo three >> log.txt"]"""));

        var error = Assert.Throws<ManifestException>(() => ComponentBuilder.BuildAll(manifest, _ => { }));

        Assert.Equal("spin.toml:13: component.web.build.command[1]: `exit 3` exited with 3", error.Message);
        Assert.Equal(["one"], File.ReadAllLines(_dir.Combine("log.txt")));
    }

    [Fact]
    public void Tool_tables_are_read_and_left_to_their_tools()
    {
        var manifest = Parse(HttpJsTemplate.Replace("[application]", "[application.tool.spin-test]\nsource = \"t.wasm\"\n\n[application]")
            + "\n[component.spin3js.tool.spin-test]\nsource = \"tests.wasm\"\n");

        Assert.Equal("spin3js", manifest.Application.Name);
    }

    [Theory]
    [InlineData("command = 42", "spin.toml:13: component.web.build.command: expected a string or an array of strings, found an integer")]
    [InlineData("command = []", "spin.toml:13: component.web.build.command: empty list (expected at least one command)")]
    [InlineData("command = [\"make\", 1]", "spin.toml:13: component.web.build.command[1]: expected a string, found an integer")]
    [InlineData("command = \" \"", "spin.toml:13: component.web.build.command: empty command")]
    [InlineData("workdir = \"x\"", "spin.toml:12: component.web.build.command: missing (expected a string or an array of strings)")]
    [InlineData("command = \"make\"\nworkdir = \"../up\"", "spin.toml:14: component.web.build.workdir: '../up' is outside the app folder (expected a relative folder without '..')")]
    [InlineData("command = \"make\"\nworkdir = \"/tmp\"", "spin.toml:14: component.web.build.workdir: '/tmp' is outside the app folder (expected a relative folder without '..')")]
    [InlineData("command = \"make\"\nwatch = [3]", "spin.toml:14: component.web.build.watch[0]: expected a string, found an integer")]
    public void A_malformed_build_table_is_refused_naming_its_key(string build, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => Parse(BuildTable(build)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_missing_workdir_is_refused_naming_it()
    {
        var error = Assert.Throws<ManifestException>(() => Parse(Manifest("\"make\"", "workdir = \"nowhere\"")));

        Assert.Equal($"spin.toml:14: component.web.build.workdir: folder not found: {_dir.Combine("nowhere")}", error.Message);
    }

    private static string Manifest(string command, string extra = "") => BuildTable($"command = {command}\n{extra}");

    private static string BuildTable(string body) => $"""
        spin_manifest_version = 2
        [application]
        name = "app"

        [[trigger.http]]
        route = "/..."
        component = "web"

        [component.web]
        source = "web.wasm"

        [component.web.build]
        {body}
        """;
}
