using Microsoft.CodeAnalysis;

namespace Capsule.Wit.Generator;

/// <summary>The errors the generator reports; each stops the build, as a C# error would.</summary>
internal static class GeneratorDiagnostics
{
    /// <summary>A .wit file that cannot be read, at the file, line and column the reader names, with its reason.</summary>
    public static readonly DiagnosticDescriptor WitError = new(
        "CWIT001", "WIT cannot be read", "{0}", "Capsule.Wit", DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>A name in <c>CapsuleWitInclude</c> that is neither an interface nor a world read.</summary>
    public static readonly DiagnosticDescriptor UnknownInclude = new(
        "CWIT002", "Unknown WIT interface or world", "CapsuleWitInclude names `{0}`, which is neither an interface nor a world of the .wit files given as AdditionalFiles",
        "Capsule.Wit", DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>A WIT construct the generator has no C# for yet (WASI 0.3's future, stream, error-context).</summary>
    public static readonly DiagnosticDescriptor Unsupported = new(
        "CWIT003", "WIT construct not supported", "{0}: {1}", "Capsule.Wit", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
