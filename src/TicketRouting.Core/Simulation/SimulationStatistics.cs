namespace TicketRouting.Core.Simulation;

public static class SimulationStatistics
{
    /// <summary>Nearest-rank percentile of <paramref name="sorted"/> (ascending); 0 for an empty list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Gini coefficient of non-negative counts: 0 when everyone has the same, towards 1 when one has all.</summary>
    public static double Gini(IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        if (counts.Count == 0 || total == 0)
        {
            return 0;
        }

        var sorted = counts.Order().ToList();
        double weighted = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            weighted += (i + 1) * (double)sorted[i];
        }

        return (2 * weighted) / (sorted.Count * (double)total) - (sorted.Count + 1.0) / sorted.Count;
    }
}
