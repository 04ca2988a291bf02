using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>Reads labelled tickets from CSV files with the columns subject, description, label (others ignored).</summary>
public static class LabelledCsv
{
    /// <summary>Rows of the file; an optional <c>weight</c> column counts a row more or less in training.</summary>
    public static IEnumerable<LabelledExample> Load(string path)
    {
        try
        {
            return Read(path).ToList();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static IEnumerable<LabelledExample> Read(string path)
    {
        using var reader = new StreamReader(path);
        var records = CsvReader.ReadRecords(reader);
        using var enumerator = records.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            yield break;
        }

        var header = enumerator.Current.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int subject = header.IndexOf("subject"), description = header.IndexOf("description"), label = header.IndexOf("label");
        var weight = header.IndexOf("weight");
        if (description < 0 || label < 0)
        {
            throw new InvalidDataException($"{path}: needs the columns description and label (subject optional)");
        }

        while (enumerator.MoveNext())
        {
            var row = enumerator.Current;
            if (row.Length == 1 && row[0].Length == 0)
            {
                continue; // blank line
            }

            string Field(int i) => i >= 0 && i < row.Length ? row[i] : "";
            yield return new LabelledExample(Unescape(Field(subject)), Unescape(Field(description)), Field(label).Trim(), Weight(Field(weight)));
        }
    }

    private static float Weight(string text) =>
        text.Length == 0 ? 1f
        : float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w) && w >= 0 ? w
        : throw new InvalidDataException($"weight '{text}' is not a non-negative number");

    // Some exports (the shared multilingual set among them) write line breaks as a literal backslash-n.
    private static string Unescape(string text) => text.Replace("\\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// A stable held-out split: a row is in the test part when the hash of its text falls in the first
    /// <paramref name="testFraction"/> of the range, whatever the file order. Same rows, same split, always.
    /// </summary>
    public static bool IsTestRow(LabelledExample row, double testFraction)
    {
        var hash = SpanHash($"{row.Subject}\u001f{row.Description}");
        return hash % 10_000 < testFraction * 10_000;
    }

    private static uint SpanHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash ^= hash >> 15;
        hash *= 0x2C1B3C6Du;
        hash ^= hash >> 12;
        return hash;
    }
}
