using Capsule.Wit.Model;

namespace Capsule.Wit.Resolution;

/// <summary>Finds a <c>borrow&lt;..&gt;</c> anywhere inside a type, through the named types it uses.</summary>
internal static class BorrowFinder
{
    public static bool Contains(WitType? type) => type switch
    {
        HandleType handle => handle.Kind == HandleKind.Borrow,
        ListType list => Contains(list.Element),
        OptionType option => Contains(option.Some),
        ResultType result => Contains(result.Ok) || Contains(result.Err),
        TupleType tuple => tuple.Elements.Any(Contains),
        FutureType future => Contains(future.Payload),
        StreamType stream => Contains(stream.Payload),
        NamedType named => Contains(named.Definition),
        _ => false,
    };

    private static bool Contains(TypeDef definition) => definition switch
    {
        RecordDef record => record.Fields.Any(f => Contains(f.Type)),
        VariantDef variant => variant.Cases.Any(c => Contains(c.Type)),
        AliasDef alias => Contains(alias.Target),
        _ => false,
    };
}
