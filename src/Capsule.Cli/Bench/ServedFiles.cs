namespace Capsule.Cli.Bench;

/// <summary>The files the bench's servers serve, carried inside capsule itself.</summary>
public static class ServedFiles
{
    /// <summary>node-server.js: serves a fetch-event handler on Node's http module.</summary>
    public static string NodeServer => Read("node-server.js");

    /// <summary>examples/hello-js/handler.js: the JavaScript of the default component.</summary>
    public static string HelloHandler => Read("hello-handler.js");

    /// <summary>What busybox httpd serves at /.</summary>
    public const string IndexHtml = "Hello from busybox httpd\n";

    private static string Read(string name)
    {
        using var stream = typeof(ServedFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new BenchException($"capsule was built without its {name}");
        return new StreamReader(stream).ReadToEnd();
    }
}
