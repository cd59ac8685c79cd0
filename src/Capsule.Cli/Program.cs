using System.CommandLine;
using Capsule.Cli;
using Capsule.Cli.Commands;
using Capsule.Cli.Commands.Bench;
using Capsule.Cli.Commands.Registry;
using Capsule.Runtime.Diagnostics;

StartupTrace.Mark("main");

if (Capsule.Runtime.Engine.WasmCompilers.FromEnvironment() is null)
{
    var variable = Capsule.Runtime.Engine.WasmCompilers.Variable;
    Console.Error.WriteLine($"capsule: error: {variable}='{Environment.GetEnvironmentVariable(variable)}' names no compiler: use cranelift or winch");
    return ExitCodes.BadInput;
}

var root = new RootCommand("Capsule: run WebAssembly modules and components, sandboxed deny-by-default, with explicit grants and limits.")
{
    new RunCommand().Build(),
    new InspectCommand().Build(),
    new UpCommand().Build(),
    new BenchCommand().Build(),
    new RegistryCommand().Build(),
};

// No response files: "@file" is an argument as written (--sqlite @seed.sql reads the file itself; a guest's arguments stay its own).
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
    // capsule up drains in-flight requests on SIGTERM for up to 10 s; give it room.
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
    return await parse.InvokeAsync(invocation);
}
catch (Exception e)
{
    // A bug in Capsule, not bad input: say so plainly, keep the details.
    Console.Error.WriteLine($"capsule: internal error: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e.StackTrace);
    return ExitCodes.HostError;
}
