using ErrorCode = Capsule.Wasi.Generated.Wasi.Filesystem.Types.ErrorCode;

namespace Capsule.Wasi.Filesystem;

/// <summary>
/// How a guest's path splits into the folder to open and the entry to act on,
/// the way Wasmtime's host (cap-std) splits it, so both hosts answer alike:
/// "a/b" acts on "b" in "a"; a path ending in "/" or "/." names a folder, so
/// "a/" acts on "." inside "a" (unlink "file/" fails with not-directory,
/// "dir/" with is-directory). The entry is always one name or ".", never "..":
/// everything before it is resolved beneath the descriptor by openat2.
/// </summary>
internal static class GuestPath
{
    /// <summary>Refuses a path with a NUL byte, which the kernel would cut short.</summary>
    public static string Checked(string path) =>
        path.Contains('\0') ? throw new FilesystemError(ErrorCode.Invalid, "a path may not contain a NUL byte") : path;

    /// <summary>
    /// The folder (relative to the descriptor; "" for the descriptor itself)
    /// and the entry in it that <paramref name="path"/> names.
    /// </summary>
    public static (string Folder, string Entry) SplitParent(string path)
    {
        if (Checked(path).Length == 0)
        {
            throw new FilesystemError(ErrorCode.NoEntry, "empty path");
        }
        if (!RequiresDirectory(path))
        {
            var parts = Components(path);
            var last = parts[^1];
            if (last is not (".." or "/"))
            {
                return (Join(parts[..^1]), last);
            }
        }
        return (path, ".");
    }

    /// <summary>The path without trailing slashes ("/" stays "/"), as create-directory and rename see it.</summary>
    public static string StripTrailingSlashes(string path)
    {
        var end = path.Length;
        while (end > 1 && path[end - 1] == '/')
        {
            end--;
        }
        return path[..end];
    }

    private static bool RequiresDirectory(string path) => path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal);

    // Rust's Path::components on Unix: "/" first if rooted, "." only as the first
    // component of a relative path, empty and other "." components dropped.
    private static List<string> Components(string path)
    {
        var parts = new List<string>();
        if (path.StartsWith('/'))
        {
            parts.Add("/");
        }
        else if (path == "." || path.StartsWith("./", StringComparison.Ordinal))
        {
            parts.Add(".");
        }
        parts.AddRange(path.Split('/').Where(part => part is not ("" or ".")));
        return parts;
    }

    private static string Join(List<string> parts) => parts switch
    {
        [] => "",
        ["/", .. var rest] => "/" + string.Join('/', rest),
        _ => string.Join('/', parts),
    };
}
