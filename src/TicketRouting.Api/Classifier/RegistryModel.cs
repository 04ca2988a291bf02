using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;

namespace TicketRouting.Api.Classifier;

/// <summary>A model of the registry, loaded from its bytes, with the per-department thresholds chosen for it.</summary>
public sealed record RegistryModel(int Id, TextModel Model, IReadOnlyDictionary<string, double> Thresholds)
{
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
        return new RegistryModel(row.Id, model, DepartmentThresholds.ReadChosen(row.ThresholdsJson));
    }

    public static byte[] Serialize(TextModel model)
    {
        using var stream = new MemoryStream();
        TextModelFile.Save(model, stream);
        return stream.ToArray();
    }
}
