using System.IO.Compression;
using System.Text.Json;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// The model file: gzip of a JSON header (labels, feature settings, temperature, fingerprint, metrics)
/// followed by the weights of the buckets seen in training only, so a 2^18-bucket model stays small.
/// </summary>
public static class TextModelFile
{
    private const string Magic = "TRTM";
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static void Save(TextModel model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        Save(model, file);
    }

    /// <summary>Writes the model to a stream (a file, or the bytes the model registry stores); the stream stays open.</summary>
    public static void Save(TextModel model, Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(JsonSerializer.Serialize(new Header(model.Labels.ToArray(), model.Settings, model.Temperature, model.Info), Json));

        var labelCount = model.Labels.Count;
        var idf = model.Idf;
        var seen = 0;
        foreach (var value in idf)
        {
            seen += value > 0 ? 1 : 0;
        }

        writer.Write(seen);
        var previous = 0;
        for (var b = 0; b < idf.Length; b++)
        {
            if (idf[b] <= 0)
            {
                continue;
            }

            writer.Write7BitEncodedInt(b - previous); // deltas are small and compress well
            previous = b;
            writer.Write(idf[b]);
            foreach (var w in model.Weights.Slice(b * labelCount, labelCount))
            {
                writer.Write(w);
            }
        }

        foreach (var b in model.Bias)
        {
            writer.Write(b);
        }
    }

    public static TextModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model from a stream; <paramref name="source"/> names it in errors.</summary>
    public static TextModel Load(Stream stream, string source = "the stream")
    {
        var path = source;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip);
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException($"{path} is not a TicketRouting text model (format {FormatVersion})");
        }

        var header = JsonSerializer.Deserialize<Header>(reader.ReadString(), Json)
            ?? throw new InvalidDataException($"{path} has no header");
        var labelCount = header.Labels.Length;
        var bucketCount = 1 << header.Settings.HashBits;
        var idf = new float[bucketCount];
        var weights = new float[bucketCount * labelCount];
        var seen = reader.ReadInt32();
        var bucket = 0;
        for (var i = 0; i < seen; i++)
        {
            bucket += reader.Read7BitEncodedInt();
            idf[bucket] = reader.ReadSingle();
            for (var c = 0; c < labelCount; c++)
            {
                weights[(bucket * labelCount) + c] = reader.ReadSingle();
            }
        }

        var bias = new float[labelCount];
        for (var c = 0; c < labelCount; c++)
        {
            bias[c] = reader.ReadSingle();
        }

        return new TextModel(header.Labels, header.Settings, idf, weights, bias, header.Temperature, header.Info);
    }

    private sealed record Header(string[] Labels, FeatureSettings Settings, float Temperature, TextModelInfo Info);
}
