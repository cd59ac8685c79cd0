namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// Reads the <c>component-name</c> custom section (the component's name, names per index space).
/// The spec says engines must not reject a component for a bad name section, so any error makes
/// the whole section be ignored.
/// </summary>
internal static class ComponentNameSection
{
    public static ComponentNames? TryRead(ref BinaryCursor section)
    {
        try
        {
            return Read(ref section);
        }
        catch (ComponentBinaryException)
        {
            return null;
        }
    }

    private static ComponentNames Read(ref BinaryCursor cursor)
    {
        string? componentName = null;
        var items = new Dictionary<Sort, IReadOnlyDictionary<uint, string>>();
        while (!cursor.AtEnd)
        {
            var id = cursor.ReadByte();
            var size = cursor.ReadU32();
            var sub = cursor.Sub(size, "name subsection", cursor.Section);
            if (id == 0)
            {
                componentName = sub.ReadName("component name");
            }
            else if (id == 1)
            {
                var sort = ReadSort(ref sub);
                var count = sub.ReadCount("names");
                var names = new Dictionary<uint, string>(count);
                for (var i = 0; i < count; i++)
                {
                    names[sub.ReadU32()] = sub.ReadName("item name");
                }
                items[sort] = names;
            }
        }
        return new ComponentNames(componentName, items);
    }

    private static Sort ReadSort(ref BinaryCursor cursor)
    {
        var code = cursor.ReadByte();
        Sort? sort = code switch
        {
            0x00 => Sorts.FromCore(cursor.ReadByte()),
            0x01 => Sort.Func,
            0x02 => Sort.Value,
            0x03 => Sort.Type,
            0x04 => Sort.Component,
            0x05 => Sort.Instance,
            _ => null,
        };
        return sort ?? throw cursor.Error("unknown sort in name section");
    }
}
