using System.Text.Json;
using Capsule.Hosting.Testing;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Wit.Glue.Tests.Generated.Capsule.Test.Things;

namespace Capsule.Wit.Glue.Tests;

/// <summary>
/// The generated glue of capsule:test/things (ThingsImports), linked by a test-only feature (<see cref="ThingsFeature"/>)
/// beside Capsule's WASI features, called by a real componentize-js guest (tests/guests/js/glue) that reports, as JSON,
/// what every call returned.
/// </summary>
public sealed class GeneratedGlueTests
{
    private sealed record Run(JsonElement Report, ThingsHost Host);

    private static Run RunGuest()
    {
        using var kit = new FeatureTestKit(new ThingsFeature());
        using var instance = kit.Instantiate(Guests.Get("glue-js.component.wasm"), GuestGrants.None);
        var json = CallRun(instance);
        return new Run(JsonDocument.Parse(json).RootElement.Clone(), instance.Store.State.Find<ThingsHost>() ?? throw new InvalidOperationException("the guest never called the host"));
    }

    /// <summary>The guest's report: what every call returned, as JSON.</summary>
    internal static string CallRun(FeatureInstance instance)
    {
        try
        {
            return instance.Instance.Call(null, "run", 0, null, 1, results => results[0].String);
        }
        catch (ComponentCallException e)
        {
            // The guest's own words (a JS exception) say more than the trap.
            throw new InvalidOperationException($"the guest failed: {instance.Stderr}", e);
        }
    }

    private static readonly Lazy<Run> Guest = new(RunGuest);

    private static JsonElement Report(string name) => Guest.Value.Report.GetProperty(name);

    private static string Json(string name) => Report(name).GetRawText();

    [Fact]
    public void Interface_name_is_the_wit_name() =>
        Assert.Equal("capsule:test/things@0.1.0", ThingsImports.Name);

    [Fact]
    public void List_of_u8_goes_in_as_a_span_and_comes_back_as_bytes()
    {
        Assert.Equal("[250,3,2,1]", Json("reversed"));
        Assert.Equal("[]", Json("reversedEmpty"));
        Assert.Equal(70000, Report("byteCount").GetInt32());
    }

    [Fact]
    public void Records_round_trip_by_field() =>
        Assert.Equal("""{"x":13,"y":-4,"label":"HÉLLO"}""", Json("moved"));

    [Fact]
    public void Variants_round_trip_with_and_without_payload()
    {
        Assert.Equal("""{"tag":"circle","val":42}""", Json("grownCircle"));
        Assert.Equal("""{"tag":"square","val":{"x":2,"y":4,"label":"sq"}}""", Json("grownSquare"));
        Assert.Equal("""{"tag":"empty"}""", Json("grownEmpty"));
    }

    [Fact]
    public void Enums_and_flags_round_trip_by_name()
    {
        Assert.Equal("""["green","blue","red"]""", Json("nextColors"));
        Assert.Equal("""{"read":false,"write":true,"execute":false}""", Json("inverted"));
    }

    [Fact]
    public void Options_round_trip()
    {
        Assert.Equal("null", Json("upperNone"));
        Assert.Equal("\"ABC\"", Json("upperSome"));
    }

    [Fact]
    public void Results_round_trip_ok_and_err_with_and_without_payload()
    {
        Assert.Equal("""{"ok":"8"}""", Json("divided"));
        Assert.Equal("""{"err":"division by zero"}""", Json("dividedByZero"));
        Assert.Equal("""{"ok":null}""", Json("notFailed"));
        Assert.Equal("""{"err":"blue"}""", Json("failed"));
    }

    [Fact]
    public void Tuples_and_lists_of_records_round_trip()
    {
        Assert.Equal("""["seven",7]""", Json("swapped"));
        Assert.Equal("""{"x":111,"y":222,"label":"a+b+c"}""", Json("summed"));
        Assert.Equal("""[{"x":0,"y":0,"label":"p0"},{"x":1,"y":-1,"label":"p1"},{"x":2,"y":-2,"label":"p2"}]""", Json("line"));
    }

    [Fact]
    public void Every_scalar_round_trips() =>
        Assert.Equal("""[5,300,3,5.125,"b",false,65535,"18446744073709551615",-2147483647]""", Json("scalars"));

    [Fact]
    public void Resources_have_constructors_methods_statics_owned_parameters_and_destructors()
    {
        Assert.Equal("""{"added":"7","mergedValue":"17","consumed":"40","dropsBefore":0,"dropsAfter":3}""", Json("counters"));
        Assert.Equal(3u, Guest.Value.Host.Dropped);
        Assert.Equal(0, Guest.Value.Host.Live);
    }
}
