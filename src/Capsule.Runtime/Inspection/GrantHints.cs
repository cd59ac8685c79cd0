namespace Capsule.Runtime.Inspection;

/// <summary>
/// Maps imports to the grants that would give them something to work with.
/// Deny-by-default means an import alone gets the guest nothing: this tells a
/// user which flag turns a capability on. The rules come from the host's features.
/// </summary>
internal static class GrantHints
{
    public static IReadOnlyList<GrantHint> For(IEnumerable<WasmItem> imports, IEnumerable<GrantHintRule> rules)
    {
        var names = imports.Select(i => i.Name).ToList();
        var hints = new List<GrantHint>();
        foreach (var rule in rules)
        {
            var evidence = names.Where(rule.Matches).ToList();
            if (evidence.Count > 0)
            {
                hints.Add(new GrantHint(rule.Capability, rule.HowToGrant, evidence));
            }
        }
        return hints;
    }
}
