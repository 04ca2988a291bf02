using System.Buffers;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Core.Classification;

/// <summary>
/// Rules compiled for matching: phrases indexed by their first stem, looked up straight from spans of the
/// folded text so that matching allocates nothing. Immutable once built, so one instance serves every request.
/// </summary>
public sealed class KeywordRuleSet
{
    private readonly Dictionary<string, int[]> _byFirstStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly CompiledRule[] _compiled;

    public KeywordRuleSet(IEnumerable<KeywordRule> rules, IEnumerable<string> departments, string version)
    {
        Rules = rules.ToList();
        var departmentList = departments.Distinct().ToList();
        Departments = departmentList;
        Version = version;
        var compiled = new List<CompiledRule>();
        var byFirst = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            var stems = TextNormalizer.Stems(rule.Term);
            var department = departmentList.IndexOf(rule.Department);
            if (stems.Count == 0 || department < 0)
            {
                continue;
            }

            if (!byFirst.TryGetValue(stems[0], out var list))
            {
                byFirst[stems[0]] = list = [];
            }

            list.Add(compiled.Count);
            compiled.Add(new CompiledRule(department, rule.Weight, stems.ToArray(), $"{rule.Department}:{rule.Term}"));
        }

        _compiled = compiled.ToArray();
        foreach (var (stem, indices) in byFirst)
        {
            _byFirstStem[stem] = indices.ToArray();
        }

        _lookup = _byFirstStem.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<KeywordRule> Rules { get; }
    public IReadOnlyList<string> Departments { get; }
    public string Version { get; }

    internal int CompiledCount => _compiled.Length;

    /// <summary>"department:term" of a compiled rule, built once: evidence costs no string per call.</summary>
    internal string EvidenceOf(int rule) => _compiled[rule].Evidence;

    /// <summary>
    /// Adds <paramref name="fieldWeight"/> × weight of every rule found in <paramref name="text"/> (each rule once
    /// per field) to <paramref name="raw"/> (per department) and to <paramref name="contribution"/> (per rule).
    /// </summary>
    internal void Accumulate(string text, double fieldWeight, Span<double> raw, Span<double> contribution, Span<bool> seen)
    {
        var folded = ArrayPool<char>.Shared.Rent((2 * text.Length) + 1);
        var starts = ArrayPool<int>.Shared.Rent(text.Length + 1);
        var lengths = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            var count = Tokenize(folded.AsSpan(0, SpanText.Fold(text, folded)), starts, lengths);
            seen.Clear();
            for (var i = 0; i < count; i++)
            {
                if (!_lookup.TryGetValue(folded.AsSpan(starts[i], lengths[i]), out var candidates))
                {
                    continue;
                }

                foreach (var r in candidates)
                {
                    var rule = _compiled[r];
                    if (!seen[r] && rule.MatchesAt(folded, starts, lengths, i, count))
                    {
                        seen[r] = true;
                        raw[rule.Department] += rule.Weight * fieldWeight;
                        contribution[r] += rule.Weight * fieldWeight;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(lengths);
        }
    }

    /// <summary>Stems of the folded text as (start, length) pairs, the same stems as <see cref="TextNormalizer.Stems"/>.</summary>
    private static int Tokenize(ReadOnlySpan<char> folded, int[] starts, int[] lengths)
    {
        var count = 0;
        var i = 0;
        while (i < folded.Length)
        {
            if (folded[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < folded.Length && folded[i] != ' ')
            {
                i++;
            }

            starts[count] = start;
            lengths[count++] = SpanText.StemLength(folded[start..i]);
        }

        return count;
    }

    private sealed record CompiledRule(int Department, double Weight, string[] Stems, string Evidence)
    {
        public bool MatchesAt(char[] folded, int[] starts, int[] lengths, int first, int count)
        {
            if (first + Stems.Length > count)
            {
                return false;
            }

            for (var j = 1; j < Stems.Length; j++)
            {
                if (!folded.AsSpan(starts[first + j], lengths[first + j]).SequenceEqual(Stems[j]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
