using System.Text;
using System.Text.Json.Nodes;
using Capsule.Hosting.Files;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Native;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Turns a validated app into Spin's artifact layout (spinframework/spin crates/oci, "simple"
/// assembly): one layer per component's Wasm, one per static file (files of at most 128 bytes
/// are inlined in the locked app instead, as Spin does), and last the locked app (Spin's
/// <c>spin.lock</c> JSON) whose sources and files name those layers by digest. Files come from
/// the same gathering <c>capsule up</c> does (globs without following links out; mapped folders
/// walked without entering links).
/// </summary>
internal static class SpinAppPacker
{
    /// <summary>The layers of <paramref name="manifest"/>, the locked app last; globbed files are gathered under <paramref name="workFolder"/>.</summary>
    public static List<ArtifactLayer> Pack(AppManifest manifest, string workFolder)
    {
        var layers = new List<ArtifactLayer>();
        var components = new JsonArray();
        foreach (var spec in manifest.Components.Values)
        {
            var wasm = ArtifactLayer.FromFile(SpinMediaTypes.Wasm, spec.Source);
            layers.Add(wasm);
            var files = new JsonArray();
            foreach (var (path, file) in FilesOf(spec, manifest, workFolder))
            {
                var layer = ArtifactLayer.FromFile(SpinMediaTypes.Data, file);
                var entry = new JsonObject();
                if (layer.Size <= SpinMediaTypes.InlineMaxBytes)
                {
                    entry["inline"] = Convert.ToBase64String(File.ReadAllBytes(file));
                }
                else
                {
                    layers.Add(layer);
                }
                entry["digest"] = layer.Digest;
                entry["path"] = path;
                files.Add((JsonNode)entry);
            }
            components.Add((JsonNode)LockedAppJson.Component(spec, wasm.Digest, files));
        }
        var locked = LockedAppJson.App(manifest, components);
        var unique = layers.DistinctBy(l => l.Digest).ToList();
        unique.Add(ArtifactLayer.FromBytes(SpinMediaTypes.LockedApp, Encoding.UTF8.GetBytes(locked.ToJsonString(SpinJson.Options))));
        return unique;
    }

    // (path in the guest's files, relative with '/'; host file), sorted by path.
    private static SortedDictionary<string, string> FilesOf(ComponentManifest spec, AppManifest manifest, string workFolder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (spec.FileGlobs.Count > 0)
        {
            var gathered = Path.Combine(workFolder, spec.Id);
            Directory.CreateDirectory(gathered);
            using (var target = BeneathFileSystem.OpenDirectory(gathered))
            {
                var skip = Path.GetRelativePath(manifest.Directory, Path.Combine(manifest.Directory, ".capsule"));
                GlobbedFiles.Gather(spec.FeatureGrants.Grant<ComponentFiles>()!, manifest.Directory, manifest.DisplayName, target, skip);
            }
            AddFolder(files, gathered, "");
        }
        foreach (var mount in spec.Files)
        {
            AddFolder(files, mount.HostPath, mount.GuestPath.Trim('/'));
        }
        return files;
    }

    // Regular files only; links (to files or folders) are not entered, as the guest's mount would not follow them out.
    private static void AddFolder(SortedDictionary<string, string> files, string folder, string prefix)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var file in Directory.EnumerateFiles(folder, "*", options))
        {
            if (BeneathFileSystem.StatNoFollow(file) is not { IsRegularFile: true })
            {
                continue;
            }
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (NeverGathered.Excludes(relative))
            {
                continue; // Never sent to a registry, even from a mounted folder.
            }
            files[prefix.Length == 0 ? relative : $"{prefix}/{relative}"] = file;
        }
    }
}
