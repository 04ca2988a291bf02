namespace TicketRouting.Core.Classification.Model;

/// <summary>How ticket text becomes features; saved with the model so prediction featurizes as training did.</summary>
public sealed record FeatureSettings
{
    /// <summary>Word n-grams of length 1 up to this, over the whole (bounded) text.</summary>
    public int WordNgrams { get; init; } = 2;

    /// <summary>Character n-grams of this length (0: none): they catch inflections and typos, and cost the most.</summary>
    public int CharNgrams { get; init; } = 4;

    /// <summary>
    /// Character n-grams read only the first this many folded characters. The whole (bounded) text by default:
    /// over the first 100 only, long e-mails were judged on their greeting (models/README.md, section 1b).
    /// </summary>
    public int CharPrefix { get; init; } = 6000;

    /// <summary>Tf-idf rather than raw counts for the word n-grams.</summary>
    public bool TfIdf { get; init; } = true;

    /// <summary>
    /// Tf-idf rather than raw counts for the character n-grams too (read when training only): with raw counts
    /// the n-grams every text shares weigh the most (models/README.md, section 1b).
    /// </summary>
    public bool CharTfIdf { get; init; } = true;

    /// <summary>The subject is repeated this many times: it states the topic, the body adds noise.</summary>
    public int SubjectRepeat { get; init; } = 2;

    /// <summary>Text beyond this many characters is ignored, which bounds the cost of one prediction.</summary>
    public int MaxChars { get; init; } = 6000;
}
