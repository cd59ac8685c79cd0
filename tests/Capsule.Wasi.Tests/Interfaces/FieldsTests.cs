using System.Text;
using Capsule.Wasi.Http;

namespace Capsule.Wasi.Tests.Interfaces;

public sealed class FieldsTests
{
    private static string Code(Action action) => Assert.Throws<HeaderError>(action).Code;

    [Fact]
    public void Names_are_case_insensitive_and_kept_lower_case()
    {
        var fields = Fields.FromList([new("Content-Type", "text/plain"u8.ToArray()), new("X-Multi", "a"u8.ToArray())]);
        fields.Append("x-multi", "b"u8.ToArray());
        Assert.True(fields.Has("CONTENT-TYPE"));
        Assert.Equal(["a", "b"], fields.Get("X-MULTI").Select(Encoding.ASCII.GetString));
        Assert.Equal(["content-type", "x-multi", "x-multi"], fields.Entries().Select(e => e.Key));
    }

    [Theory]
    [InlineData("Connection")]
    [InlineData("transfer-encoding")]
    [InlineData("Host")]
    [InlineData("keep-alive")]
    [InlineData("upgrade")]
    public void Host_controlled_headers_are_forbidden(string name) =>
        Assert.Equal("forbidden", Code(() => new Fields().Append(name, "x"u8.ToArray())));

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("x(y)")]
    [InlineData("naïve")]
    public void Invalid_names_are_invalid_syntax(string name) =>
        Assert.Equal("invalid-syntax", Code(() => new Fields().Append(name, "x"u8.ToArray())));

    [Theory]
    [InlineData("a\r\nInjected: yes")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0byte")]
    public void Values_with_cr_lf_or_nul_are_invalid_syntax(string value) =>
        Assert.Equal("invalid-syntax", Code(() => new Fields().Set("x-ok", [Encoding.ASCII.GetBytes(value)])));

    [Fact]
    public void From_list_validates_every_entry()
    {
        Assert.Equal("forbidden", Code(() => Fields.FromList([new("x-ok", "1"u8.ToArray()), new("connection", "close"u8.ToArray())])));
    }

    [Fact]
    public void Headers_of_a_message_are_immutable_but_a_clone_is_not()
    {
        var request = new OutgoingRequest(Fields.FromList([new("x-a", "1"u8.ToArray())]));
        var view = request.Headers.AsImmutable();
        Assert.Equal("immutable", Code(() => view.Append("x-b", "2"u8.ToArray())));
        Assert.Equal("immutable", Code(() => view.Delete("x-a")));
        var copy = view.Clone();
        copy.Append("x-b", "2"u8.ToArray());
        Assert.Equal(2, copy.Entries().Count);
        Assert.Single(view.Entries());
    }

    [Fact]
    public void Set_replaces_and_delete_removes_every_value()
    {
        var fields = Fields.FromList([new("x-a", "1"u8.ToArray()), new("x-a", "2"u8.ToArray())]);
        fields.Set("X-A", ["3"u8.ToArray()]);
        Assert.Equal(["3"], fields.Get("x-a").Select(Encoding.ASCII.GetString));
        fields.Delete("x-a");
        Assert.False(fields.Has("x-a"));
    }
}
