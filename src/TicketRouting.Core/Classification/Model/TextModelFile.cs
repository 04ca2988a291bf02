using System.Text.Json;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// The model file: a small header (magic, format, JSON with labels, feature settings, temperature and
/// training info) followed by the ML.NET model zip. The registry stores the same bytes in the database.
/// </summary>
public static class TextModelFile
{
    private const string Magic = "TRTM";
    private const int FormatVersion = 2;
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
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(JsonSerializer.Serialize(new Header(model.Labels.ToArray(), model.Settings, model.Temperature, model.Info), Json));
        writer.Write(model.MlNetModel.Length);
        writer.Write(model.MlNetModel);
    }

    public static TextModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model from a stream; <paramref name="source"/> names it in errors.</summary>
    public static TextModel Load(Stream stream, string source = "the stream")
    {
        try
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException($"{source} is not a TicketRouting text model (ML.NET, format {FormatVersion}); retrain it");
            }

            var header = JsonSerializer.Deserialize<Header>(reader.ReadString(), Json)
                ?? throw new InvalidDataException($"{source} has no header");
            var length = reader.ReadInt32();
            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length)
            {
                throw new InvalidDataException($"{source} is truncated");
            }

            return new TextModel(header.Labels, header.Settings, header.Temperature, bytes, header.Info);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{source} is not a readable TicketRouting text model: {e.Message}", e);
        }
    }

    private sealed record Header(string[] Labels, FeatureSettings Settings, double Temperature, TextModelInfo Info);
}
