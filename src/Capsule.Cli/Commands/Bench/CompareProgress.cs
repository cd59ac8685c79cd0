using Capsule.Cli.Bench;
using Spectre.Console;

namespace Capsule.Cli.Commands.Bench;

/// <summary>Runs the comparison showing progress on stderr: a bar on a terminal, one line per step otherwise.</summary>
internal static class CompareProgress
{
    public static CompareResult Run(CompareSetup setup, BenchWorkspace workspace, IReadOnlyList<IsolationFact> wasmFacts, CancellationToken cancellation)
    {
        if (Console.IsErrorRedirected)
        {
            return new CompareRun(setup, workspace, (what, done, total) => Console.Error.WriteLine($"capsule: bench [{done}/{total}] {what}"))
                .Run(wasmFacts, cancellation);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting");
                var result = new CompareRun(setup, workspace, (what, done, total) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = done;
                    task.Description = Markup.Escape(what);
                }).Run(wasmFacts, cancellation);
                task.Value = task.MaxValue;
                return result;
            });
    }
}
