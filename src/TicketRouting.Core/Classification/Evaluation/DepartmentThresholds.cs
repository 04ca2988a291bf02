using System.Text.Json;

namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>A department's confidence threshold and what it gives on the held-out tickets predicted for it.</summary>
/// <param name="Predicted">Held-out tickets the classifier gave this department.</param>
/// <param name="Coverage">Share of those routed without review at <paramref name="Threshold"/>.</param>
/// <param name="Precision">Share of the routed ones that were right.</param>
/// <param name="Chosen">False when there were too few predictions and the global threshold applies.</param>
public sealed record DepartmentThreshold(double Threshold, double Precision, double Coverage, int Predicted, bool Chosen);

/// <summary>
/// Per department, the lowest confidence threshold whose auto-routed held-out tickets reach the target precision
/// (the most tickets routed without review for the accuracy we accept); where no threshold reaches it, the most
/// precise one, never below the global threshold. Departments with fewer than
/// <see cref="MinPredictions"/> held-out predictions keep the global threshold: a handful of tickets says little.
/// </summary>
public static class DepartmentThresholds
{
    public const int MinPredictions = 5;

    public static IReadOnlyDictionary<string, DepartmentThreshold> Choose(
        IEnumerable<Prediction> predictions, double targetPrecision, double globalThreshold)
    {
        var result = new SortedDictionary<string, DepartmentThreshold>(StringComparer.Ordinal);
        foreach (var group in predictions.GroupBy(p => p.Predicted))
        {
            var rows = group.ToList();
            var labels = rows.Select(p => p.Actual).Append(group.Key).Distinct().ToList();
            var report = ClassificationReport.Compute(labels, rows);
            if (rows.Count < MinPredictions)
            {
                var global = report.AtThreshold(globalThreshold);
                result[group.Key] = new DepartmentThreshold(globalThreshold, Round(global.Precision), Round(global.Coverage), rows.Count, false);
                continue;
            }

            // Target out of reach: the most precise threshold, but never below the global one.
            var point = report.ChooseThreshold(targetPrecision);
            if (point.Precision < targetPrecision && point.Threshold < globalThreshold)
            {
                point = report.AtThreshold(globalThreshold);
            }

            result[group.Key] = new DepartmentThreshold(point.Threshold, Round(point.Precision), Round(point.Coverage), rows.Count, true);
        }

        return result;
    }

    public static string Write(IReadOnlyDictionary<string, DepartmentThreshold> thresholds) => JsonSerializer.Serialize(thresholds, Json);

    /// <summary>The thresholds that were chosen (enough held-out predictions); other departments keep the global one.</summary>
    public static IReadOnlyDictionary<string, double> ReadChosen(string? json) =>
        json is null
            ? new Dictionary<string, double>()
            : (JsonSerializer.Deserialize<Dictionary<string, DepartmentThreshold>>(json, Json) ?? [])
                .Where(p => p.Value.Chosen).ToDictionary(p => p.Key, p => p.Value.Threshold);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static double Round(double value) => Math.Round(value, 4);
}
