using Capsule.Shim;

// containerd-shim-capsule-v1: containerd's shim v2 for Capsule apps
// (runtime io.containerd.capsule.v1). `start` launches the serving process and
// prints its socket; `delete` cleans up after a dead shim; without an action,
// the process serves the task over ttrpc (what `start` launches).
ShimFlags flags;
try
{
    flags = ShimFlags.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"containerd-shim-capsule-v1: {e.Message}");
    Console.Error.WriteLine("usage: containerd-shim-capsule-v1 -namespace NS -address SOCKET -id ID [-bundle DIR] [-debug] start|delete (containerd runs it for the runtime io.containerd.capsule.v1)");
    return 2;
}
if (flags.Namespace.Length == 0 || flags.Id.Length == 0)
{
    Console.Error.WriteLine("containerd-shim-capsule-v1: -namespace and -id are required (containerd gives them; this binary is not run by hand)");
    return 2;
}
return flags.Action switch
{
    "start" => StartCommand.Run(flags),
    "delete" => DeleteCommand.Run(flags),
    "" => await ServeCommand.RunAsync(flags),
    _ => Fail($"unknown action '{flags.Action}' (start or delete)"),
};

static int Fail(string message)
{
    Console.Error.WriteLine($"containerd-shim-capsule-v1: {message}");
    return 2;
}
