using System.Diagnostics;
using Capsule.Runtime.Components.Binary;
using static Capsule.Runtime.Tests.Components.ComponentBytes;

namespace Capsule.Runtime.Tests.Components;

/// <summary>
/// Truncated, corrupted and oversized component binaries: each gives the reader's one error naming
/// section, offset and cause, never another exception type, never a hang or a huge allocation.
/// </summary>
public sealed class ComponentReaderHostileTests
{
    private static byte[] HttpHello => File.ReadAllBytes(Guests.Get("http-hello.wasm"));

    [Fact]
    public void Every_cut_inside_a_section_fails_with_one_error_and_every_cut_at_a_boundary_reads_or_fails_cleanly()
    {
        var bytes = HttpHello;
        var boundaries = SectionBoundaries(bytes).ToHashSet();
        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsMemory(0, length);
            if (boundaries.Contains(length))
            {
                ReadsOrFailsCleanly(cut);
            }
            else
            {
                var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(cut));
                Assert.InRange(error.Offset, 0, length);
                Assert.DoesNotContain('\n', error.Message);
            }
        }
    }

    [Fact]
    public void Every_single_byte_corruption_of_a_real_guest_reads_or_fails_with_the_one_error()
    {
        var bytes = HttpHello;
        var clock = Stopwatch.StartNew();
        foreach (var value in new byte[] { 0x00, 0x01, 0x7f, 0x80, 0xff })
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var mutated = (byte[])bytes.Clone();
                mutated[i] = value;
                ReadsOrFailsCleanly(mutated);
            }
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "mutations must not make the reader crawl");
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 }, "preamble", "core module, not a component")]
    [InlineData(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00 }, "preamble", "bad magic")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x0c, 0x00, 0x01, 0x00 }, "preamble", "unsupported component version 0xc")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "preamble", "too short")]
    public void A_file_that_is_not_a_component_of_this_version_is_named_as_such(byte[] bytes, string section, string cause)
    {
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(bytes));
        Assert.Equal(section, error.Section);
        Assert.Contains(cause, error.Cause);
    }

    [Fact]
    public void A_section_size_that_is_not_a_valid_leb128_is_refused()
    {
        var bytes = Component([0x07, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(bytes));
        Assert.Contains("LEB128", error.Cause);
        Assert.Equal(9, error.Offset);
    }

    [Fact]
    public void A_section_larger_than_the_file_is_refused()
    {
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component([0x07, .. Leb(1_000_000), 0x00])));
        Assert.Contains("run past the end", error.Cause);
    }

    [Fact]
    public void A_huge_count_is_refused_before_anything_is_allocated()
    {
        var bytes = Component(Section(7, [.. Leb(uint.MaxValue), 0x73]));
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(bytes));
        Assert.Equal("type section", error.Section);
        Assert.Contains("more than the limit", error.Cause);

        var fits = Component(Section(7, [.. Leb(50_000), 0x73]));
        Assert.Contains("cannot fit", Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(fits)).Cause);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused_by_its_length_alone()
    {
        var bytes = Component(Section(10, [0x01, 0x00, .. Leb(200_000), 0x61]));
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(bytes));
        Assert.Equal("import section", error.Section);
        Assert.Contains("longer than the limit of 100000", error.Cause);
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_refused()
    {
        var bytes = Component(Section(10, [0x01, 0x00, 0x02, 0xc3, 0x28, 0x01, 0x00]));
        Assert.Contains("not valid UTF-8", Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(bytes)).Cause);
    }

    [Fact]
    public void Components_nested_deeper_than_the_limit_are_refused()
    {
        var inner = Component();
        for (var depth = 0; depth < 40; depth++)
        {
            inner = Component(Section(4, inner));
        }
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(inner));
        Assert.Contains("nested more than 32 deep", error.Cause);

        var shallow = Component();
        for (var depth = 0; depth < 10; depth++)
        {
            shallow = Component(Section(4, shallow));
        }
        Assert.Single(ComponentReader.Read(shallow).Space(Sort.Component));
    }

    [Fact]
    public void Instance_types_nested_deeper_than_the_limit_are_refused()
    {
        byte[] type = [0x42, 0x00];
        for (var depth = 0; depth < 40; depth++)
        {
            type = [0x42, 0x01, 0x01, .. type]; // an instance type declaring one type: the next one in
        }
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component(Section(7, [0x01, .. type]))));
        Assert.Contains("nested more than 32 deep", error.Cause);
    }

    [Fact]
    public void An_index_past_its_index_space_is_refused_with_the_space_named()
    {
        // (type (list (type 5))) with no type 5
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component(Section(7, [0x01, 0x70, 0x05]))));
        Assert.Contains("type index 5 is out of range (0 defined)", error.Cause);
    }

    [Fact]
    public void An_outer_alias_past_the_outermost_component_is_refused()
    {
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component(Section(6, [0x01, 0x03, 0x02, 0x01, 0x00]))));
        Assert.Contains("goes past the outermost component", error.Cause);
    }

    [Theory]
    [InlineData(0x09, "canon task.return is not supported yet")]
    [InlineData(0x0e, "canon stream.new is not supported yet")]
    [InlineData(0x1f, "canon waitable-set.new is not supported yet")]
    [InlineData(0x24, "canon backpressure.inc is not supported yet")]
    [InlineData(0x26, "canon thread.index is not supported yet")]
    [InlineData(0x3a, "unknown canonical function opcode 0x3a")]
    public void Async_and_thread_builtins_are_refused_by_name_not_misread(byte opcode, string cause)
    {
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component(Section(8, [0x01, opcode, 0x00, 0x00]))));
        Assert.Equal("canon section", error.Section);
        Assert.Contains(cause, error.Cause);
        Assert.Equal(11, error.Offset);
    }

    [Fact]
    public void The_message_names_section_offset_and_cause_on_one_line()
    {
        var error = Assert.Throws<ComponentBinaryException>(() => ComponentReader.Read(Component(Section(8, [0x01, 0x09]))));
        Assert.Equal("canon section at byte 11: canon task.return is not supported yet (component-model async and threads)", error.Message);
    }

    private static void ReadsOrFailsCleanly(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            ComponentReader.Read(bytes);
        }
        catch (ComponentBinaryException e)
        {
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
