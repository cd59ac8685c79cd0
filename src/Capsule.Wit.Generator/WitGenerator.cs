using System.Collections.Immutable;
using Capsule.Wit.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Capsule.Wit.Generator;

/// <summary>
/// Turns the <c>.wit</c> files given as <c>AdditionalFiles</c> into the C# a host implements (see README.md).
/// The files are read together (one package per folder); a file that cannot be read is a compile error at
/// its file, line and column.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(f => f.Path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase))
            .Select((f, ct) => new WitSource(f.Path, f.GetText(ct)?.ToString() ?? ""))
            .Collect();
        var settings = context.AnalyzerConfigOptionsProvider.Select((o, _) => GeneratorSettings.From(o.GlobalOptions));
        // The lift/lower glue is for hosts on Capsule.Runtime; interface-only users (no such reference) get none.
        var glue = context.CompilationProvider.Select((c, _) => c.GetTypeByMetadataName("Capsule.Runtime.Native.HostLinker") is not null);
        // The canonical ABI lowerings are for the component layer (Capsule.Runtime.Components.Abi).
        var lowerings = context.CompilationProvider.Select((c, _) => c.GetTypeByMetadataName("Capsule.Runtime.Components.Abi.LoweredInterface") is not null);
        context.RegisterSourceOutput(
            files.Combine(settings).Combine(glue).Combine(lowerings),
            (output, input) => Generate(output, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
    }

    private static void Generate(SourceProductionContext output, ImmutableArray<WitSource> files, GeneratorSettings settings, bool glue, bool lowerings)
    {
        if (files.IsEmpty)
        {
            return;
        }
        PackageSet set;
        try
        {
            set = WitReader.Read(files);
        }
        catch (WitException e)
        {
            // The location prints as file(line,column), as C# errors do; without one the message names the place.
            var location = LocationOf(e, files);
            output.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.WitError, location, location == Location.None ? e.Message : e.Reason));
            return;
        }
        var selected = settings.Select(set, out var unknown);
        foreach (var name in unknown)
        {
            output.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.UnknownInclude, Location.None, name));
        }
        var emitter = new InterfaceEmitter(settings.RootNamespace, glue, lowerings);
        foreach (var witInterface in selected)
        {
            output.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                output.AddSource(HintName(witInterface), emitter.Emit(witInterface));
            }
            catch (NotSupportedException e)
            {
                output.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.Unsupported, Location.None, witInterface.QualifiedName, e.Message));
            }
        }
    }

    private static string HintName(Interface witInterface) =>
        new string(witInterface.QualifiedName.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_').ToArray()) + ".g.cs";

    /// <summary>The place a reader error names, so the IDE and the build output point at the .wit line.</summary>
    private static Location LocationOf(WitException error, ImmutableArray<WitSource> files)
    {
        var file = files.FirstOrDefault(f => f.Path == error.File);
        if (file is null)
        {
            return Location.None;
        }
        var text = SourceText.From(file.Text);
        var line = Math.Min(Math.Max(error.Line - 1, 0), text.Lines.Count - 1);
        var start = new LinePosition(line, Math.Max(error.Column - 1, 0));
        var position = Math.Min(text.Lines[line].Start + start.Character, text.Lines[line].End);
        return Location.Create(error.File, new TextSpan(position, 0), new LinePositionSpan(start, start));
    }
}
