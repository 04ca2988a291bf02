using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>Reads labelled tickets from CSV files with the columns subject, description, label (others ignored).</summary>
public static class LabelledCsv
{
    public static IEnumerable<LabelledExample> Load(string path)
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
            yield return new LabelledExample(Unescape(Field(subject)), Unescape(Field(description)), Field(label).Trim());
        }
    }

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
