namespace Capsule.Hosting.Http;

/// <summary>
/// Spin's reserved routes under <c>/.well-known/spin/</c>, answered by the host
/// before the app's routes (the app never sees them): <c>health</c> is 200 "OK"
/// (Kestrel listens only once every component is compiled and linked, so an
/// answer means the app is loaded: the readiness signal for an orchestrator),
/// anything else there is 404, as in Spin.
/// </summary>
internal static class WellKnownRoutes
{
    /// <summary>The reserved prefix; Spin's docs, "Reserved Routes".</summary>
    public const string Prefix = "/.well-known/spin/";

    /// <summary>The health path.</summary>
    public const string Health = Prefix + "health";

    /// <summary>The status and body for a reserved <paramref name="path"/>, or null when the app's routes decide.</summary>
    public static (int Status, string Body)? Answer(string path) =>
        !path.StartsWith(Prefix, StringComparison.Ordinal) ? null
        : path == Health ? (200, "OK")
        : (404, "Not Found");
}
