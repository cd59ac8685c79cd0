using Capsule.Hosting.Manifest;
using Capsule.Runtime.Native;

namespace Capsule.Hosting.Files;

/// <summary>
/// Reads a component's <c>files</c> and <c>exclude_files</c>. Every entry
/// must stay inside the app folder: a glob may not be absolute or use "..";
/// a <c>{ source, destination }</c> folder must be in the app folder and not
/// reached through a symbolic link leading out of it.
/// </summary>
internal static class FilesReader
{

    public static (List<FileMount> Mounts, List<FileGlob> Globs) ReadFiles(ManifestReader reader, TomlMap table, string path, string directory)
    {
        var mounts = new List<FileMount>();
        var globs = new List<FileGlob>();
        var items = reader.Array(table, "files", path);
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{path}.files[{i}]";
            switch (items[i])
            {
                case TomlScalar { Value: string glob }:
                    if (OutsideProblem(glob) is { } problem)
                    {
                        throw reader.Error(items[i], key, $"{problem} (got \"{glob}\"): a files glob matches files inside the app folder");
                    }
                    if (NeverGathered.LiteralProblem(glob) is { } secret)
                    {
                        throw reader.Error(items[i], key, $"\"{glob}\" {secret}");
                    }
                    globs.Add(new FileGlob(glob, key, items[i].Line));
                    break;
                case TomlMap mapping:
                    mounts.Add(ReadMapping(reader, mapping, key, directory));
                    break;
                default:
                    throw reader.Error(items[i], key, $"expected a glob string or {{ source, destination }}, found {items[i].Describe()}");
            }
        }
        return (mounts, globs);
    }

    /// <summary>
    /// exclude_files: globs taken out of what files' globs gathered. A mapped
    /// folder is mounted whole, so excluding from one is refused, not ignored.
    /// </summary>
    public static List<string> ReadExcludedFiles(ManifestReader reader, TomlMap table, string path, bool hasMappedFolders)
    {
        var excluded = new List<string>();
        var items = reader.Array(table, "exclude_files", path);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not TomlScalar { Value: string glob })
            {
                throw reader.Error(items[i], $"{path}.exclude_files[{i}]", $"expected a glob string, found {items[i].Describe()}");
            }
            excluded.Add(glob);
        }
        if (excluded.Count > 0 && hasMappedFolders)
        {
            throw reader.Error(table.Get("exclude_files"), $"{path}.exclude_files",
                "applies to files globs only: a { source, destination } folder is mounted whole, so nothing could be excluded from it");
        }
        return excluded;
    }

    private static FileMount ReadMapping(ManifestReader reader, TomlMap mapping, string key, string directory)
    {
        reader.OnlyKeys(mapping, key, "source", "destination");
        var source = reader.String(mapping, "source", key, required: true)!;
        var destination = reader.String(mapping, "destination", key, required: true)!;
        var sourceNode = mapping.Get("source");
        if (OutsideProblem(source) is { } problem)
        {
            throw reader.Error(sourceNode, $"{key}.source", $"{problem} (got \"{source}\"): a mounted folder must be inside the app folder");
        }
        var hostPath = Path.GetFullPath(Path.Combine(directory, source));
        if (OpenProblem(directory, source) is { } openProblem)
        {
            throw reader.Error(sourceNode, $"{key}.source", openProblem.Replace("{path}", hostPath));
        }
        if (!destination.StartsWith('/'))
        {
            throw reader.Error(mapping, $"{key}.destination", $"must be an absolute guest path (got \"{destination}\")");
        }
        if (destination.Split('/').Contains("..") || destination.Contains('\0'))
        {
            throw reader.Error(mapping, $"{key}.destination", $"must be a plain guest path, without \"..\" or NUL (got \"{destination.Replace("\0", "\\0")}\")");
        }
        return new FileMount(hostPath, destination);
    }

    // Lexical escapes, told apart for a clear message.
    private static string? OutsideProblem(string relative) =>
        Path.IsPathRooted(relative) || relative.StartsWith('\\') ? "must be relative to the app folder, not absolute"
        : relative.Split('/', '\\').Contains("..") ? "must not use \"..\" to leave the app folder"
        : relative.Contains('\0') ? "must not contain a NUL character"
        : null;

    // Opens the folder as openat2(RESOLVE_BENEATH) does: a symbolic link on
    // the way that leads out of the app folder (or is absolute) fails.
    private static string? OpenProblem(string directory, string relative)
    {
        try
        {
            using var app = BeneathFileSystem.OpenDirectory(directory);
            using var folder = BeneathFileSystem.OpenBeneath(app, relative.Length == 0 ? "." : relative,
                BeneathFileSystem.PathOnly | BeneathFileSystem.MustBeDirectory);
            return null;
        }
        catch (FileSystemErrorException e)
        {
            return e.Errno switch
            {
                Errno.NoEntry or Errno.NotDirectory => "no such folder: {path}",
                Errno.CrossDevice => "{path} is reached through a symbolic link leading out of the app folder (links are followed only when relative and staying inside it)",
                _ => $"cannot open {{path}}: {e.Message}",
            };
        }
    }
}
