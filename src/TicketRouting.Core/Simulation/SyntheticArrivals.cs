using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Simulation;

/// <summary>
/// A reproducible stream of tickets: Poisson arrivals at <c>ratePerHour</c>, priorities 20 % low, 50 % medium, 25 % high,
/// 5 % critical; languages 60 % French, 30 % English, 10 % German; 15 % ask for one of the team's skills; a pool of
/// customers so that about a third of the tickets come from someone who wrote before; service times exponential around
/// <c>meanServiceMinutes</c> (at least 5 minutes).
/// </summary>
public static class SyntheticArrivals
{
    public static IReadOnlyList<SimulatedArrival> Generate(
        double ratePerHour, double hours, IReadOnlyList<string> skills, int seed, double meanServiceMinutes = 20)
    {
        var random = new Random(seed);
        var expected = Math.Max(1, (int)(ratePerHour * hours));
        var customers = Math.Max(1, expected * 2 / 3);
        var arrivals = new List<SimulatedArrival>();
        var minute = 0.0;
        while (true)
        {
            minute += -Math.Log(1 - random.NextDouble()) * 60 / ratePerHour;
            if (minute >= hours * 60)
            {
                return arrivals;
            }

            var p = random.NextDouble();
            var priority = p < 0.20 ? TicketPriority.Low : p < 0.70 ? TicketPriority.Medium : p < 0.95 ? TicketPriority.High : TicketPriority.Critical;
            var l = random.NextDouble();
            var language = l < 0.6 ? "fr" : l < 0.9 ? "en" : "de";
            IReadOnlyList<string> wanted = skills.Count > 0 && random.NextDouble() < 0.15 ? [skills[random.Next(skills.Count)]] : [];
            var customer = $"customer-{random.Next(customers)}";
            var service = Math.Max(5, -Math.Log(1 - random.NextDouble()) * meanServiceMinutes);
            arrivals.Add(new SimulatedArrival((int)minute, priority, language, wanted, customer, Math.Round(service, 1)));
        }
    }
}
