// containerd's shim v2 runs on Linux (mounts, fifos, unix sockets, cgroups).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
