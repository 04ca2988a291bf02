using System.Buffers;

namespace TicketRouting.Core.Routing.Policies;

/// <summary>
/// A small, allocation-light language guess for ticket text: each word that is a common function word of a language
/// scores one for it, and each letter only that language uses (é, ß, ñ ...) scores a half. The best score wins when it
/// is ahead of the runner-up; too little evidence gives null (the ticket then asks for no language).
/// </summary>
public static class LanguageDetector
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en", "de", "es"];

    private static readonly Dictionary<string, int> StopWords = Build(
        ("fr", "le la les un une des du de et est je j ne pas mon ma mes vous nous il elle sur pour avec dans que qui ai avez bonjour merci depuis mais plus toujours ce cette au aux"),
        ("en", "the a an and is are i my me you we it on for with in that this not have has was from to of hello thanks please since but can cannot still"),
        ("de", "der die das und ist ich mein meine nicht sie wir es auf für mit ein eine zu von hallo danke bitte seit aber kann noch den dem"),
        ("es", "el la los las y es yo mi mis no usted nosotros en para con una un que por hola gracias desde pero puedo todavía del al"));

    private static readonly SearchValues<char> Letters = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿñœßáíóú");

    public static string? Detect(string? subject, string? description)
    {
        Span<double> scores = stackalloc double[Languages.Count];
        Score(subject, scores);
        Score(description, scores);

        var best = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > 0 && (best < 0 || scores[i] > scores[best]))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return null;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (i != best && scores[i] >= scores[best])
            {
                return null;
            }
        }

        return Languages[best];
    }

    private static void Score(string? text, Span<double> scores)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Span<char> word = stackalloc char[24];
        var length = 0;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (Letters.Contains(c))
            {
                ScoreLetter(c, scores);
                if (length < word.Length)
                {
                    word[length] = c;
                }

                length++;
                continue;
            }

            ScoreWord(word[..Math.Min(length, word.Length)], length, scores);
            length = 0;
        }

        ScoreWord(word[..Math.Min(length, word.Length)], length, scores);
    }

    private static void ScoreWord(ReadOnlySpan<char> word, int length, Span<double> scores)
    {
        if (length == 0 || length > word.Length)
        {
            return;
        }

        var lookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(word, out var languages))
        {
            for (var i = 0; i < scores.Length; i++)
            {
                if ((languages & (1 << i)) != 0)
                {
                    scores[i] += 1;
                }
            }
        }
    }

    private static void ScoreLetter(char c, Span<double> scores)
    {
        var language = c switch
        {
            'à' or 'â' or 'ç' or 'è' or 'ê' or 'ë' or 'î' or 'ï' or 'ô' or 'œ' or 'ù' or 'û' or 'ÿ' => 0,
            'ä' or 'ö' or 'ß' => 2,
            'ñ' or 'á' or 'í' or 'ó' or 'ú' => 3,
            _ => -1,
        };
        if (language >= 0)
        {
            scores[language] += 0.5;
        }
    }

    private static Dictionary<string, int> Build(params (string Language, string Words)[] lists)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (language, list) in lists)
        {
            var bit = 1 << Languages.ToList().IndexOf(language);
            foreach (var w in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words[w] = words.GetValueOrDefault(w) | bit;
            }
        }

        return words;
    }
}
