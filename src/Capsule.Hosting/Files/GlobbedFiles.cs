using Capsule.Hosting.Manifest;
using Capsule.Runtime.Native;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Hosting.Files;

/// <summary>
/// Copies what a component's <c>files</c> globs match into its state folder.
/// Folders are walked without entering symbolic links; each matched file is
/// opened with openat2(RESOLVE_BENEATH) from the app folder, so a link is
/// copied as its target's content only when it is relative and stays inside
/// the app folder. A link leading out, to nothing or in a loop, and anything
/// that is not a regular file, is refused naming the file and the glob.
/// Links to folders are never followed. Dotenv files and version-control folders
/// (<see cref="NeverGathered"/>) are never matched.
/// </summary>
internal static class GlobbedFiles
{
    private const int NonBlocking = 0x800; // O_NONBLOCK: opening a FIFO must not hang start-up.

    /// <summary>
    /// Copies the matches of <paramref name="files"/>' globs under
    /// <paramref name="appDirectory"/> beneath <paramref name="target"/>, not
    /// walking <paramref name="skip"/> (the state folder, when inside the app).
    /// </summary>
    public static void Gather(ComponentFiles files, string appDirectory, string display, SafeFileHandle target, string? skip)
    {
        var candidates = Walk(appDirectory, Bases(files.Globs), skip);
        var matched = new Dictionary<string, FileGlob>(StringComparer.Ordinal);
        foreach (var glob in files.Globs)
        {
            var matcher = new Matcher();
            matcher.AddInclude(glob.Pattern);
            matcher.AddExcludePatterns(files.Excluded);
            foreach (var match in matcher.Match(appDirectory, candidates.Select(c => Path.Combine(appDirectory, c))).Files)
            {
                matched.TryAdd(match.Path, glob);
            }
        }
        using var app = BeneathFileSystem.OpenDirectory(appDirectory);
        foreach (var (relative, glob) in matched.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Copy(app, relative, target, display, glob);
        }
    }

    private static void Copy(SafeFileHandle app, string relative, SafeFileHandle target, string display, FileGlob glob)
    {
        SafeFileHandle source;
        try
        {
            source = BeneathFileSystem.OpenBeneath(app, relative, BeneathFileSystem.ReadOnly | NonBlocking);
        }
        catch (FileSystemErrorException e)
        {
            throw Refused(display, glob, relative, e.Errno switch
            {
                Errno.CrossDevice => "is a symbolic link leading out of the app folder (a link is followed only when it is relative and stays inside the app folder)",
                Errno.NoEntry => "is a symbolic link to nothing",
                Errno.Loop => "is a symbolic link loop",
                _ => $"cannot be read ({e.Message})",
            });
        }
        using (source)
        {
            var status = BeneathFileSystem.Stat(source);
            if (status.IsDirectory)
            {
                return; // A link to a folder inside the app: not followed; its files match under their own path.
            }
            if (!status.IsRegularFile)
            {
                throw Refused(display, glob, relative, "is not a regular file");
            }
            using var destination = CreateFile(target, relative);
            using var reader = new FileStream(source, FileAccess.Read);
            using var writer = new FileStream(destination, FileAccess.Write);
            reader.CopyTo(writer);
        }
    }

    // Creates relative's folders and the file itself beneath target, never through a link.
    private static SafeFileHandle CreateFile(SafeFileHandle target, string relative)
    {
        var parts = relative.Split('/');
        var folder = target;
        try
        {
            foreach (var part in parts[..^1])
            {
                try
                {
                    BeneathFileSystem.CreateDirectory(folder, part);
                }
                catch (FileSystemErrorException e) when (e.Errno == Errno.Exists)
                {
                    // Made for an earlier file.
                }
                var next = BeneathFileSystem.OpenBeneath(folder, part, BeneathFileSystem.ReadOnly | BeneathFileSystem.MustBeDirectory | BeneathFileSystem.NoFollow);
                if (folder != target)
                {
                    folder.Dispose();
                }
                folder = next;
            }
            return BeneathFileSystem.OpenBeneath(folder, parts[^1],
                BeneathFileSystem.WriteOnly | BeneathFileSystem.Create | BeneathFileSystem.Exclusive | BeneathFileSystem.NoFollow);
        }
        finally
        {
            if (folder != target)
            {
                folder.Dispose();
            }
        }
    }

    // The app's files (and links, not entered) under the folders the globs can reach.
    private static List<string> Walk(string appDirectory, List<string> bases, string? skip)
    {
        var found = new List<string>();
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false };
        var pending = new Stack<string>([""]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in new DirectoryInfo(Path.Combine(appDirectory, folder)).EnumerateFileSystemInfos("*", options))
            {
                var relative = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
                if (NeverGathered.Excludes(relative))
                {
                    continue; // Secrets and version-control folders, as a link or otherwise.
                }
                if (entry is DirectoryInfo && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    if (relative != skip && bases.Any(b => Reaches(b, relative)))
                    {
                        pending.Push(relative);
                    }
                }
                else
                {
                    found.Add(relative);
                }
            }
        }
        return found;
    }

    // Whether a glob whose literal folder prefix is @base can match under folder.
    private static bool Reaches(string @base, string folder) =>
        @base.Length == 0 || @base == folder || folder.StartsWith(@base + "/", StringComparison.Ordinal) || @base.StartsWith(folder + "/", StringComparison.Ordinal);

    // The folders before each glob's first wildcard: "static/**/*.css" → "static".
    private static List<string> Bases(IEnumerable<FileGlob> globs) =>
        [.. globs.Select(g =>
        {
            var segments = g.Pattern.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            var literal = segments.SkipLast(1).TakeWhile(s => s.IndexOfAny(['*', '?', '[', '{']) < 0 && s != ".");
            return string.Join('/', literal);
        })];

    private static ManifestException Refused(string display, FileGlob glob, string relative, string problem) =>
        new(display, glob.Line, glob.Key, $"\"{relative}\" (matched by \"{glob.Pattern}\") {problem}");
}
