namespace Capsule.Wit;

/// <summary>
/// The text of one .wit file. Files with the same <see cref="PackageFolder"/> make one package
/// (by default the folder of <see cref="Path"/>, as WIT tools do).
/// </summary>
/// <param name="Path">The file's path, as errors will name it.</param>
/// <param name="Text">Its WIT text.</param>
/// <param name="PackageFolder">What groups files into a package; null for the folder of <paramref name="Path"/>.</param>
public sealed record WitSource(string Path, string Text, string? PackageFolder = null)
{
    internal string Group => PackageFolder ?? System.IO.Path.GetDirectoryName(Path) ?? "";
}
