using System.Text.Json;

namespace TicketRouting.Core.Classification;

/// <summary>
/// The rules file format of seed/keyword-rules.json: <c>{ "version", "departments": { slug: { term: weight } } }</c>.
/// </summary>
public sealed record KeywordRuleFile(string Version, Dictionary<string, Dictionary<string, double>> Departments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static KeywordRuleFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<KeywordRuleFile>(stream, Json)
            ?? throw new InvalidDataException($"{path} holds no rules");
    }

    public IEnumerable<KeywordRule> ToRules() =>
        Departments.SelectMany(d => d.Value.Select(t => new KeywordRule(d.Key, t.Key, t.Value)));
}
