namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// <see cref="IClassifier"/> over a loaded <see cref="TextModel"/>. The evidence is the ticket's words
/// and word pairs that pushed hardest towards the chosen department.
/// </summary>
public sealed class ModelClassifier(TextModel model) : IClassifier
{
    public const int EvidenceCount = 5;

    public string Name => "model";
    public string Version => model.Info.Version;
    public TextModel Model => model;

    public ClassificationResult Classify(string subject, string description)
    {
        var labelCount = model.Labels.Count;
        var scratch = model.Featurizer.Featurize(subject ?? "", description ?? "");
        var probabilities = new double[labelCount];
        model.Score(scratch, probabilities);
        var best = 0;
        for (var c = 1; c < labelCount; c++)
        {
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        var evidence = StrongestWords(scratch, best);
        return new ClassificationResult(
            model.Labels[best], probabilities[best], new DepartmentScores(model.Labels, probabilities), evidence, Name, Version);
    }

    private string[] StrongestWords(FeatureScratch scratch, int label)
    {
        Span<int> top = stackalloc int[EvidenceCount];
        Span<float> topWeight = stackalloc float[EvidenceCount];
        var found = 0;
        for (var i = 0; i < scratch.WordCount; i++)
        {
            var bucket = scratch.WordBucket[i];
            var weight = model.Idf[bucket] * model.WeightOf(bucket, label);

            // One- and two-letter words ("de", "a") carry weight but explain nothing to a reader.
            if (weight <= 0 || scratch.WordLength[i] < 3 || Contains(scratch, top[..found], bucket))
            {
                continue;
            }

            // Insertion into a tiny sorted list: cheaper than sorting every word of a long ticket.
            int at;
            if (found < EvidenceCount)
            {
                at = found++;
            }
            else if (weight > topWeight[EvidenceCount - 1])
            {
                at = EvidenceCount - 1;
            }
            else
            {
                continue;
            }

            while (at > 0 && topWeight[at - 1] < weight)
            {
                top[at] = top[at - 1];
                topWeight[at] = topWeight[at - 1];
                at--;
            }

            top[at] = i;
            topWeight[at] = weight;
        }

        var words = new string[found];
        for (var k = 0; k < found; k++)
        {
            words[k] = new string(scratch.Folded, scratch.WordStart[top[k]], scratch.WordLength[top[k]]);
        }

        return words;
    }

    private static bool Contains(FeatureScratch scratch, ReadOnlySpan<int> chosen, int bucket)
    {
        foreach (var i in chosen)
        {
            if (scratch.WordBucket[i] == bucket)
            {
                return true;
            }
        }

        return false;
    }
}
