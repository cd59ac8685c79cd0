using System.CommandLine;

namespace Capsule.Cli.Commands.Bench;

/// <summary><c>capsule bench</c>: measurements on the user's own machine.</summary>
internal sealed class BenchCommand
{
    public Command Build()
    {
        var command = new Command("bench", "Measure Capsule on this machine against other ways of running the same service.");
        command.Add(new CompareCommand().Build());
        return command;
    }
}
