using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;

namespace TicketRouting.Api.Classifier;

/// <summary>A model of the registry, loaded from its bytes, with the per-department thresholds chosen for it.</summary>
public sealed record RegistryModel(int Id, TextModel Model, IReadOnlyDictionary<string, double> Thresholds)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<RegistryModel?> LoadAsync(TicketsDbContext db, int id, CancellationToken ct)
    {
        var row = await db.ClassifierModels.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.Id, m.ModelBytes, m.ThresholdsJson }).SingleOrDefaultAsync(ct);
        if (row?.ModelBytes is null)
        {
            return null;
        }

        using var stream = new MemoryStream(row.ModelBytes);
        var model = TextModelFile.Load(stream, $"registry model {id}");
        return new RegistryModel(row.Id, model, ReadThresholds(row.ThresholdsJson));
    }

    public static string WriteThresholds(IReadOnlyDictionary<string, DepartmentThreshold> thresholds) =>
        JsonSerializer.Serialize(thresholds, Json);

    /// <summary>The thresholds chosen on enough held-out tickets; the others keep Routing:MinConfidence.</summary>
    public static IReadOnlyDictionary<string, double> ReadThresholds(string? json) =>
        json is null
            ? new Dictionary<string, double>()
            : (JsonSerializer.Deserialize<Dictionary<string, DepartmentThreshold>>(json, Json) ?? [])
                .Where(p => p.Value.Chosen).ToDictionary(p => p.Key, p => p.Value.Threshold);

    public static byte[] Serialize(TextModel model)
    {
        using var stream = new MemoryStream();
        TextModelFile.Save(model, stream);
        return stream.ToArray();
    }
}
