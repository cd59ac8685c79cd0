namespace Capsule.Tests.Shared;

/// <summary>capsule.toml text for tests, naming guests built into tests/guests/out.</summary>
public static class TestManifests
{
    /// <summary>An app of one component, <paramref name="id"/>, serving every path (/...); its table comes last, so lines may be appended to it.</summary>
    public static string SingleComponent(string id, string guest) => $"""
        [application]
        name = "{id}"

        [[trigger.http]]
        route = "/..."
        component = "{id}"

        [component.{id}]
        {Source(guest)}
        """;

    /// <summary>A manifest line for a guest built into tests/guests/out.</summary>
    public static string Source(string guest) => $"source = \"{Guests.Get(guest)}\"";
}
