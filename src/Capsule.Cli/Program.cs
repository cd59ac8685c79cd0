using System.CommandLine;
using Capsule.Cli;
using Capsule.Cli.Commands;

var root = new RootCommand("Capsule: run WebAssembly modules and components, sandboxed deny-by-default, with explicit grants and limits.")
{
    new RunCommand().Build(),
    new InspectCommand().Build(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"capsule: error: {error.Message}");
    }
    var command = parse.CommandResult.Command;
    var name = command == root ? "capsule" : $"capsule {command.Name}";
    Console.Error.WriteLine($"Try '{name} --help' for more information.");
    return ExitCodes.BadInput;
}

try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // A bug in Capsule, not bad input: say so plainly, keep the details.
    Console.Error.WriteLine($"capsule: internal error: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e.StackTrace);
    return ExitCodes.HostError;
}
