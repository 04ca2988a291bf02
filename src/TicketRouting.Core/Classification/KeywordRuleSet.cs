namespace TicketRouting.Core.Classification;

/// <summary>
/// Rules compiled for matching: single-stem rules in a dictionary, phrases indexed by their first stem.
/// Immutable once built, so one instance serves every request.
/// </summary>
public sealed class KeywordRuleSet
{
    private readonly Dictionary<string, List<CompiledRule>> _byFirstStem = new(StringComparer.Ordinal);

    public KeywordRuleSet(IEnumerable<KeywordRule> rules, IEnumerable<string> departments, string version)
    {
        Rules = rules.ToList();
        Departments = departments.Distinct().ToList();
        Version = version;
        foreach (var rule in Rules)
        {
            var stems = TextNormalizer.Stems(rule.Term);
            if (stems.Count == 0)
            {
                continue;
            }

            if (!_byFirstStem.TryGetValue(stems[0], out var list))
            {
                _byFirstStem[stems[0]] = list = [];
            }

            list.Add(new CompiledRule(rule, stems.ToArray()));
        }
    }

    public IReadOnlyList<KeywordRule> Rules { get; }
    public IReadOnlyList<string> Departments { get; }
    public string Version { get; }

    /// <summary>The rules whose term occurs in <paramref name="stems"/>; each rule counts once.</summary>
    internal IEnumerable<KeywordRule> Match(IReadOnlyList<string> stems)
    {
        var seen = new HashSet<KeywordRule>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < stems.Count; i++)
        {
            if (!_byFirstStem.TryGetValue(stems[i], out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.MatchesAt(stems, i) && seen.Add(candidate.Rule))
                {
                    yield return candidate.Rule;
                }
            }
        }
    }

    private sealed record CompiledRule(KeywordRule Rule, string[] Stems)
    {
        public bool MatchesAt(IReadOnlyList<string> text, int start)
        {
            if (start + Stems.Length > text.Count)
            {
                return false;
            }

            for (var j = 1; j < Stems.Length; j++)
            {
                if (!string.Equals(text[start + j], Stems[j], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
