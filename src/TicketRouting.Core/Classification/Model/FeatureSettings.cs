namespace TicketRouting.Core.Classification.Model;

/// <summary>How ticket text becomes hashed features; saved with the model so prediction featurizes as training did.</summary>
public sealed record FeatureSettings
{
    /// <summary>Feature space is 2^HashBits buckets; collisions are rare below ~100k distinct n-grams at 18.</summary>
    public int HashBits { get; init; } = 18;

    /// <summary>Character n-grams inside word boundaries (like char_wb), so inflections and typos share features.</summary>
    public int MinCharGram { get; init; } = 3;

    public int MaxCharGram { get; init; } = 5;

    public bool WordBigrams { get; init; } = true;

    /// <summary>1 + ln(tf) instead of tf: a word said ten times is not ten times the evidence.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>Subject terms count this many times: the subject states the topic, the body adds noise.</summary>
    public float SubjectWeight { get; init; } = 2;

    /// <summary>Text beyond this many characters is ignored, which bounds the cost of one prediction.</summary>
    public int MaxChars { get; init; } = 6000;
}
