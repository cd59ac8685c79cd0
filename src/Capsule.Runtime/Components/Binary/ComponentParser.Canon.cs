namespace Capsule.Runtime.Components.Binary;

/// <summary>The canon section: lift, lower and the resource builtins; the async and thread builtins are recognised and refused.</summary>
internal sealed partial class ComponentParser
{
    private const int MaxCanonOptions = 10;

    private void ReadCanon(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var opcode = cursor.ReadByte();
        switch (opcode)
        {
            case 0x00:
                ExpectFuncSort(ref cursor, "canon lift");
                var coreFunc = ReadIndex(ref cursor, scope, Sort.CoreFunc, "canon lift");
                var liftOptions = ReadOptions(ref cursor, scope);
                var type = ReadIndex(ref cursor, scope, Sort.Type, "canon lift type");
                Add(ref cursor, scope, Sort.Func, new Definition.Canon(new CanonDefinition.Lift(coreFunc, liftOptions, type)));
                break;
            case 0x01:
                ExpectFuncSort(ref cursor, "canon lower");
                var func = ReadIndex(ref cursor, scope, Sort.Func, "canon lower");
                var lowerOptions = ReadOptions(ref cursor, scope);
                Add(ref cursor, scope, Sort.CoreFunc, new Definition.Canon(new CanonDefinition.Lower(func, lowerOptions)));
                break;
            case 0x02 or 0x03 or 0x04:
                var resource = ReadIndex(ref cursor, scope, Sort.Type, "canon resource builtin");
                CanonDefinition builtin = opcode switch
                {
                    0x02 => new CanonDefinition.ResourceNew(resource),
                    0x03 => new CanonDefinition.ResourceDrop(resource),
                    _ => new CanonDefinition.ResourceRep(resource),
                };
                Add(ref cursor, scope, Sort.CoreFunc, new Definition.Canon(builtin));
                break;
            default:
                throw cursor.ErrorAt(at, UnsupportedBuiltin(opcode) is { } name
                    ? $"canon {name} is not supported yet (component-model async and threads)"
                    : $"unknown canonical function opcode 0x{opcode:x2}");
        }
    }

    private static void ExpectFuncSort(ref BinaryCursor cursor, string what)
    {
        if (cursor.ReadByte() != 0x00)
        {
            throw cursor.Error($"{what}: expected the func sort byte 0x00");
        }
    }

    private static CanonOptions ReadOptions(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var count = cursor.ReadCount("canonical options");
        if (count > MaxCanonOptions)
        {
            throw cursor.ErrorAt(at, $"{count} canonical options is more than {MaxCanonOptions}");
        }
        CanonStringEncoding? encoding = null;
        uint? memory = null, realloc = null, postReturn = null, callback = null;
        var isAsync = false;
        for (var i = 0; i < count; i++)
        {
            var optionAt = cursor.Offset;
            var option = cursor.ReadByte();
            switch (option)
            {
                case 0x00 or 0x01 or 0x02:
                    encoding = encoding is null ? (CanonStringEncoding)option : throw cursor.ErrorAt(optionAt, "string encoding given twice");
                    break;
                case 0x03:
                    memory = memory is null ? ReadIndex(ref cursor, scope, Sort.CoreMemory, "memory option") : throw cursor.ErrorAt(optionAt, "memory given twice");
                    break;
                case 0x04:
                    realloc = realloc is null ? ReadIndex(ref cursor, scope, Sort.CoreFunc, "realloc option") : throw cursor.ErrorAt(optionAt, "realloc given twice");
                    break;
                case 0x05:
                    postReturn = postReturn is null ? ReadIndex(ref cursor, scope, Sort.CoreFunc, "post-return option") : throw cursor.ErrorAt(optionAt, "post-return given twice");
                    break;
                case 0x06:
                    isAsync = !isAsync ? true : throw cursor.ErrorAt(optionAt, "async given twice");
                    break;
                case 0x07:
                    callback = callback is null ? ReadIndex(ref cursor, scope, Sort.CoreFunc, "callback option") : throw cursor.ErrorAt(optionAt, "callback given twice");
                    break;
                default:
                    throw cursor.ErrorAt(optionAt, $"canonical option 0x{option:x2} is unknown or not supported yet");
            }
        }
        return new CanonOptions(encoding ?? CanonStringEncoding.Utf8, memory, realloc, postReturn, isAsync, callback);
    }

    /// <summary>The name of an async or thread builtin (Binary.md), so it is refused by name rather than misread.</summary>
    private static string? UnsupportedBuiltin(byte opcode) => opcode switch
    {
        0x05 => "task.cancel",
        0x06 => "subtask.cancel",
        0x09 => "task.return",
        0x0a => "context.get",
        0x0b => "context.set",
        0x0c => "thread.yield",
        0x0d => "subtask.drop",
        0x0e => "stream.new",
        0x0f => "stream.read",
        0x10 => "stream.write",
        0x11 => "stream.cancel-read",
        0x12 => "stream.cancel-write",
        0x13 => "stream.drop-readable",
        0x14 => "stream.drop-writable",
        0x15 => "future.new",
        0x16 => "future.read",
        0x17 => "future.write",
        0x18 => "future.cancel-read",
        0x19 => "future.cancel-write",
        0x1a => "future.drop-readable",
        0x1b => "future.drop-writable",
        0x1c => "error-context.new",
        0x1d => "error-context.debug-message",
        0x1e => "error-context.drop",
        0x1f => "waitable-set.new",
        0x20 => "waitable-set.wait",
        0x21 => "waitable-set.poll",
        0x22 => "waitable-set.drop",
        0x23 => "waitable.join",
        0x24 => "backpressure.inc",
        0x25 => "backpressure.dec",
        0x26 => "thread.index",
        0x27 => "thread.new-indirect",
        0x28 => "thread.resume-later",
        0x29 => "thread.suspend",
        0x2a => "thread.suspend-then-resume",
        0x2b => "thread.yield-then-resume",
        0x2c => "thread.suspend-then-promote",
        0x2d => "thread.yield-then-promote",
        0x40 => "thread.spawn-ref",
        0x41 => "thread.spawn-indirect",
        0x42 => "thread.available-parallelism",
        _ => null,
    };
}
