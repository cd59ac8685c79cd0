using Capsule.Shim.Native;
using Capsule.Shim.Protocol;

namespace Capsule.Shim.Container;

/// <summary>
/// The task's root file system: containerd hands the snapshot as mounts
/// (overlay, or a bind for the native snapshotter) to put at the bundle's
/// <c>rootfs</c>, as runc's shim does; Delete takes them down again.
/// </summary>
internal static class RootfsMounts
{
    /// <summary>Mounts <paramref name="mounts"/> in order at <paramref name="target"/>.</summary>
    public static void MountAll(IEnumerable<Mount> mounts, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var mount in mounts)
        {
            var (flags, data) = Options(mount.Options);
            if (Libc.Mount(mount.Source, target, mount.Type == "bind" ? null : mount.Type, flags, data) != 0)
            {
                throw new IOException($"cannot mount the rootfs ({mount.Type} from {mount.Source}) at {target}: {Libc.LastError()}");
            }
            if ((flags & Libc.MsBind) != 0 && (flags & Libc.MsRdonly) != 0)
            {
                // A bind mount is made writable whatever the flags say; read-only takes a remount.
                Libc.Mount("", target, null, flags | 32 /* MS_REMOUNT */, null);
            }
        }
    }

    /// <summary>Unmounts everything stacked at <paramref name="target"/> (nothing mounted is fine).</summary>
    public static void UnmountAll(string target)
    {
        for (var i = 0; i < 16 && Libc.Unmount(target, 0) == 0; i++)
        {
        }
        if (IsMountPoint(target))
        {
            Libc.Unmount(target, Libc.MntDetach);
        }
    }

    private static bool IsMountPoint(string path) =>
        File.Exists("/proc/self/mountinfo")
        && File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } fields && fields[4] == path);

    private static (ulong Flags, string? Data) Options(IEnumerable<string> options)
    {
        ulong flags = 0;
        var data = new List<string>();
        foreach (var option in options)
        {
            switch (option)
            {
                case "ro": flags |= Libc.MsRdonly; break;
                case "rw" or "defaults": break;
                case "nosuid": flags |= Libc.MsNosuid; break;
                case "nodev": flags |= Libc.MsNodev; break;
                case "noexec": flags |= Libc.MsNoexec; break;
                case "bind": flags |= Libc.MsBind; break;
                case "rbind": flags |= Libc.MsBind | Libc.MsRec; break;
                default: data.Add(option); break;
            }
        }
        return (flags, data.Count > 0 ? string.Join(',', data) : null);
    }
}
