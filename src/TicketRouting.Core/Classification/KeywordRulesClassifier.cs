namespace TicketRouting.Core.Classification;

/// <summary>
/// Scores departments by the weighted rules matched in subject (counted double) and description,
/// and turns the scores into probabilities with a softmax, so that one weak term gives low confidence
/// and several strong terms give high confidence.
/// </summary>
public sealed class KeywordRulesClassifier(KeywordRuleSet rules, string fallbackDepartment) : IClassifier
{
    public const double SubjectWeight = 2.0;

    // Rule sets are a few hundred rules: per-rule buffers fit the stack; beyond, use the heap.
    private const int MaxStackRules = 2048;

    public string Name => "rules";
    public string Version => rules.Version;
    public KeywordRuleSet Rules => rules;

    public ClassificationResult Classify(string subject, string description)
    {
        var departments = rules.Departments.Count;
        var ruleCount = rules.CompiledCount;
        Span<double> raw = stackalloc double[departments];
        Span<double> contribution = ruleCount <= MaxStackRules ? stackalloc double[ruleCount] : new double[ruleCount];
        Span<bool> seen = ruleCount <= MaxStackRules ? stackalloc bool[ruleCount] : new bool[ruleCount];
        contribution.Clear();
        rules.Accumulate(subject ?? "", SubjectWeight, raw, contribution, seen);
        rules.Accumulate(description ?? "", 1.0, raw, contribution, seen);

        var scores = new double[departments];
        var any = false;
        foreach (var value in raw)
        {
            any |= value > 0;
        }

        if (!any)
        {
            Array.Fill(scores, 1.0 / Math.Max(1, departments));
            return new ClassificationResult(fallbackDepartment, 0, new DepartmentScores(rules.Departments, scores), [], Name, Version);
        }

        raw.CopyTo(scores);
        Model.TextModel.Softmax(scores);
        var best = 0;
        for (var d = 1; d < departments; d++)
        {
            best = scores[d] > scores[best] ? d : best;
        }

        return new ClassificationResult(
            rules.Departments[best], scores[best], new DepartmentScores(rules.Departments, scores), Evidence(contribution), Name, Version);
    }

    /// <summary>"department:term" of the matched rules, strongest (by absolute contribution) first.</summary>
    private string[] Evidence(ReadOnlySpan<double> contribution)
    {
        var count = 0;
        foreach (var c in contribution)
        {
            count += c != 0 ? 1 : 0;
        }

        var evidence = new string[count];
        var weights = count <= 256 ? stackalloc double[count] : new double[count];
        var n = 0;
        for (var r = 0; r < contribution.Length; r++)
        {
            if (contribution[r] == 0)
            {
                continue;
            }

            // Insertion sort: a ticket matches a handful of rules.
            var at = n++;
            while (at > 0 && weights[at - 1] < Math.Abs(contribution[r]))
            {
                weights[at] = weights[at - 1];
                evidence[at] = evidence[at - 1];
                at--;
            }

            weights[at] = Math.Abs(contribution[r]);
            evidence[at] = rules.EvidenceOf(r);
        }

        return evidence;
    }
}
