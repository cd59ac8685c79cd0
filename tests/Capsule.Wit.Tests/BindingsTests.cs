using Capsule.Wit.Bindings;

namespace Capsule.Wit.Tests;

/// <summary>The types generated host code uses for WIT's result, option and handles.</summary>
public sealed class BindingsTests
{
    [Fact]
    public void A_result_is_either_ok_or_an_error_and_guards_the_other_side()
    {
        Result<int, string> ok = 5;
        Result<int, string> err = "denied";
        Assert.True(ok.IsOk);
        Assert.Equal(5, ok.Value);
        Assert.Throws<InvalidOperationException>(() => ok.Error);
        Assert.False(err.IsOk);
        Assert.Equal("denied", err.Error);
        var thrown = Assert.Throws<InvalidOperationException>(() => err.Value);
        Assert.Contains("denied", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("ok(5)", ok.ToString());
        Assert.Equal("err(denied)", err.ToString());
    }

    [Fact]
    public void Results_are_equal_by_side_and_payload()
    {
        Assert.Equal(Result<int, int>.Ok(1), Result<int, int>.Ok(1));
        Assert.NotEqual(Result<int, int>.Ok(1), Result<int, int>.Err(1));
        Assert.True(Result<Unit, Unit>.Ok(Unit.Value) == Result<Unit, Unit>.Ok(default));
    }

    [Fact]
    public void Handles_of_one_index_are_equal_and_an_owned_handle_lends_a_borrow_of_it()
    {
        var own = new Resource<string>(7);
        Assert.Equal(new Resource<string>(7), own);
        Assert.Equal(new Borrow<string>(7), own.AsBorrow());
        Assert.False(Option<int>.None.HasValue);
        Assert.Equal(3, Option<int>.Some(3).Value);
    }
}
