namespace Capsule.Hosting.App;

/// <summary>
/// What <c>capsule up</c>'s command line tells the app services (as Spin's flags do).
/// </summary>
/// <param name="KeyValueSeeds"><c>--key-value KEY=VALUE</c>: set in the <c>default</c> store at start-up, in order.</param>
/// <param name="SqliteStatements"><c>--sqlite STATEMENT</c> (or the text of <c>@file.sql</c>): run on the <c>default</c> database at start-up, in order.</param>
public sealed record AppServiceOptions(
    IReadOnlyList<KeyValuePair<string, string>> KeyValueSeeds,
    IReadOnlyList<string> SqliteStatements)
{
    /// <summary>Nothing to seed.</summary>
    public static readonly AppServiceOptions None = new([], []);
}
