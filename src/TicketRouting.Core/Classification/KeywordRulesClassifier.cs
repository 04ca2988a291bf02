namespace TicketRouting.Core.Classification;

/// <summary>
/// Scores departments by the weighted rules matched in subject (counted double) and description,
/// and turns the scores into probabilities with a softmax, so that one weak term gives low confidence
/// and several strong terms give high confidence.
/// </summary>
public sealed class KeywordRulesClassifier(KeywordRuleSet rules, string fallbackDepartment) : IClassifier
{
    public const double SubjectWeight = 2.0;

    public string Name => "rules";
    public string Version => rules.Version;
    public KeywordRuleSet Rules => rules;

    public ClassificationResult Classify(string subject, string description)
    {
        var raw = rules.Departments.ToDictionary(d => d, _ => 0.0);
        var evidence = new Dictionary<string, double>();
        Accumulate(TextNormalizer.Stems(subject), SubjectWeight, raw, evidence);
        Accumulate(TextNormalizer.Stems(description), 1.0, raw, evidence);

        if (raw.Values.All(v => v <= 0))
        {
            var uniform = raw.Keys.ToDictionary(d => d, _ => 1.0 / Math.Max(1, raw.Count));
            return new ClassificationResult(fallbackDepartment, 0, uniform, [], Name, Version);
        }

        var probabilities = Softmax(raw);
        var best = probabilities.MaxBy(p => p.Value);
        var terms = evidence.OrderByDescending(e => Math.Abs(e.Value)).Select(e => e.Key).ToList();
        return new ClassificationResult(best.Key, best.Value, probabilities, terms, Name, Version);
    }

    private void Accumulate(
        List<string> stems, double fieldWeight, Dictionary<string, double> raw, Dictionary<string, double> evidence)
    {
        foreach (var rule in rules.Match(stems))
        {
            if (!raw.ContainsKey(rule.Department))
            {
                continue;
            }

            raw[rule.Department] += rule.Weight * fieldWeight;
            var key = $"{rule.Department}:{rule.Term}";
            evidence[key] = evidence.GetValueOrDefault(key) + rule.Weight * fieldWeight;
        }
    }

    private static Dictionary<string, double> Softmax(Dictionary<string, double> raw)
    {
        var max = raw.Values.Max();
        var exp = raw.ToDictionary(p => p.Key, p => Math.Exp(p.Value - max));
        var sum = exp.Values.Sum();
        return exp.ToDictionary(p => p.Key, p => p.Value / sum);
    }
}
