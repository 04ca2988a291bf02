using System.Text.Json;
using TicketRouting.Core.Classification.Evaluation;

namespace TicketRouting.Cli.Import;

/// <summary>One row of a file: its number (1-based, data rows only) and its values by canonical field name.</summary>
internal sealed record FileRow(int Number, Dictionary<string, string?> Values, IReadOnlyList<string>? Tags, string? Error = null);

/// <summary>Reads import files: a JSON array of objects, or a CSV file with a header row.</summary>
internal static class ImportFile
{
    public static List<FileRow> ReadJson(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of tickets.");
        }

        var rows = new List<FileRow>();
        var number = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            number++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                rows.Add(new FileRow(number, [], null, "not a JSON object"));
                continue;
            }

            var values = new Dictionary<string, string?>();
            List<string>? tags = null;
            foreach (var property in element.EnumerateObject())
            {
                if (ImportRow.Field(property.Name) is not { } field)
                {
                    continue;
                }

                if (field == "tags" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    tags = property.Value.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : t.GetRawText()).ToList();
                }
                else
                {
                    values[field] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }

            rows.Add(new FileRow(number, values, tags));
        }

        return rows;
    }

    public static List<FileRow> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var records = CsvReader.ReadRecords(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{path}: the file is empty (a header row is expected).");
        }

        var header = records.Current.Select(ImportRow.Field).ToArray();
        if (!header.Contains("id"))
        {
            throw new InvalidDataException($"{path}: the header has no id column.");
        }

        var rows = new List<FileRow>();
        var number = 0;
        while (records.MoveNext())
        {
            number++;
            var record = records.Current;
            if (record.Length != header.Length)
            {
                rows.Add(new FileRow(number, [], null, $"{record.Length} columns where the header has {header.Length}"));
                continue;
            }

            var values = new Dictionary<string, string?>();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] is { } field)
                {
                    values[field] = record[i];
                }
            }

            rows.Add(new FileRow(number, values, null));
        }

        return rows;
    }
}
