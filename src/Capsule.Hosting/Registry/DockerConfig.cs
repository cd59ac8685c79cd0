using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Registry credentials in Docker's config file (<c>$DOCKER_CONFIG/config.json</c>, else
/// <c>~/.docker/config.json</c>), as docker, podman, oras and Spin read it: <c>auths</c> maps a
/// registry to <c>{ "auth": base64("user:password") }</c>. Credential helpers (credsStore,
/// credHelpers) are not run; other keys of the file are kept as they are when a login is saved.
/// </summary>
public static class DockerConfig
{
    /// <summary>The config file this process uses.</summary>
    public static string FilePath
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
            if (string.IsNullOrWhiteSpace(folder))
            {
                folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
            }
            return Path.Combine(folder, "config.json");
        }
    }

    /// <summary>The credential saved for <paramref name="registry"/>, or null (anonymous).</summary>
    public static RegistryCredential? Find(string registry)
    {
        var root = Read();
        if (root?["auths"] is not JsonObject auths)
        {
            return null;
        }
        foreach (var (key, value) in auths)
        {
            if (ServerName(key) != ServerName(registry) || value is not JsonObject entry)
            {
                continue;
            }
            if (entry["auth"]?.GetValueKind() == JsonValueKind.String && Decode(entry["auth"]!.GetValue<string>()) is { } decoded)
            {
                return decoded;
            }
            if (entry["username"]?.GetValueKind() == JsonValueKind.String && entry["password"]?.GetValueKind() == JsonValueKind.String)
            {
                return new RegistryCredential(entry["username"]!.GetValue<string>(), entry["password"]!.GetValue<string>());
            }
        }
        return null;
    }

    /// <summary>Saves <paramref name="credential"/> for <paramref name="registry"/> (file mode 0600, as docker writes it).</summary>
    public static void Save(string registry, RegistryCredential credential)
    {
        var root = Read() ?? [];
        if (root["auths"] is not JsonObject auths)
        {
            root["auths"] = auths = [];
        }
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}"));
        auths[ServerName(registry)] = new JsonObject { ["auth"] = encoded };
        var path = FilePath;
        PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = PrivateFiles.CreateFile(temporary))
        {
            stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        }
        File.Move(temporary, path, overwrite: true);
    }

    // Docker Hub is saved under its legacy key; others by host[:port], with or without a scheme.
    private static string ServerName(string server)
    {
        var name = server.Trim();
        if (name.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(name, UriKind.Absolute, out var uri))
        {
            name = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        }
        name = name.TrimEnd('/');
        return name is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? "https://index.docker.io/v1/" : name;
    }

    private static RegistryCredential? Decode(string auth)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = text.IndexOf(':');
            return colon <= 0 ? null : new RegistryCredential(text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonObject? Read()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new RegistryException(RegistryFailure.BadInput, $"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{path}: not valid JSON ({e.Message})");
        }
    }
}
