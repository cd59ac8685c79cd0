using Capsule.Hosting.Manifest;
using Capsule.Hosting.Registry;
using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Hosting.Services.Variables;
using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Configuration;
using Capsule.Wit;
using ComponentBinaryReader = Capsule.Runtime.Components.Binary.ComponentReader;

namespace Capsule.Fuzz;

/// <summary>
/// The fuzz targets: readers of untrusted input. Each either reads its input or throws the reader's own error
/// (the one-line error a user sees); any other exception, a crash or a hang is a finding.
/// </summary>
public static class Targets
{
    /// <summary>Every target by name (the first argument of Capsule.Fuzz, and the corpus folder's name).</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["component-reader"] = ReadComponent,
        ["manifest"] = ReadManifest,
        ["runtime-config"] = ReadRuntimeConfig,
        ["dotenv"] = ReadDotEnv,
        ["wit"] = ReadWit,
        ["registry-manifest"] = ReadRegistryManifest,
        ["registry-config"] = ReadRegistryConfig,
    };

    private static readonly OciReference FuzzReference = OciReference.Parse("registry.example/fuzz/app:1");

    // An empty folder the locked app is checked against (nothing is written into it).
    private static readonly string EmptyAppFolder = Directory.CreateTempSubdirectory("capsule-fuzz-app-").FullName;

    /// <summary>A component binary (Components/Binary): reads, or <see cref="ComponentBinaryException"/>.</summary>
    public static void ReadComponent(byte[] input)
    {
        try
        {
            ComponentSurface.Describe(ComponentBinaryReader.Read(input));
        }
        catch (ComponentBinaryException)
        {
        }
    }

    /// <summary>A spin.toml/capsule.toml (sources not checked: no file system): reads, or <see cref="ManifestException"/>.</summary>
    public static void ReadManifest(byte[] input)
    {
        try
        {
            ManifestLoader.Parse(Text(input), "/fuzz/app/capsule.toml", "capsule.toml", checkSources: false);
        }
        catch (ManifestException)
        {
        }
    }

    /// <summary>A runtime config (<c>--runtime-config-file</c>): reads, or <see cref="ManifestException"/>.</summary>
    public static void ReadRuntimeConfig(byte[] input)
    {
        try
        {
            RuntimeConfigReader.Read(Text(input), "runtime-config.toml", "/fuzz/app");
        }
        catch (ManifestException)
        {
        }
    }

    /// <summary>A <c>.env</c> file (read from disk, as the host does): reads, or <see cref="ManifestException"/>.</summary>
    public static void ReadDotEnv(byte[] input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"capsule-fuzz-{Environment.ProcessId}.env");
        File.WriteAllBytes(path, input);
        try
        {
            DotEnvFile.Read(path);
        }
        catch (ManifestException)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A WIT file: reads (and resolves), or <see cref="WitException"/>.</summary>
    public static void ReadWit(byte[] input)
    {
        try
        {
            WitReader.Read("fuzz.wit", Text(input));
        }
        catch (WitException)
        {
        }
    }

    /// <summary>An OCI image manifest as a registry answers it (config and layer descriptors): reads, or <see cref="RegistryException"/>.</summary>
    public static void ReadRegistryManifest(byte[] input)
    {
        try
        {
            AppPuller.ReadManifest(input, FuzzReference);
        }
        catch (RegistryException)
        {
        }
    }

    /// <summary>
    /// A Spin locked app (the config/layer a pull turns into spin.toml): read, then checked against an empty folder
    /// as a cached pull is (every field the writer reads is read), or <see cref="RegistryException"/>.
    /// </summary>
    public static void ReadRegistryConfig(byte[] input)
    {
        try
        {
            PulledAppWriter.Verify(AppPuller.ReadLocked(input), EmptyAppFolder);
        }
        catch (RegistryException)
        {
        }
    }

    // Invalid UTF-8 becomes U+FFFD, as File.ReadAllText does for the real readers.
    private static string Text(byte[] input) => System.Text.Encoding.UTF8.GetString(input);
}
