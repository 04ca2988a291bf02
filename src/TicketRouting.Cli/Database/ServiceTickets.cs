using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Cli.Database;

/// <summary>
/// The service's own tickets as training rows, labelled with their final department. Only tickets whose
/// department a person confirmed count: closed ones, and ones a supervisor moved to another department
/// (a correction of the classifier). Tickets still in the fallback queue awaiting review do not.
/// </summary>
internal static class ServiceTickets
{
    public static IReadOnlyList<LabelledExample> Load(ParseResult parse)
    {
        using var services = CliDatabase.Services(parse);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
        var rows = db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.Closed || (t.Routing != null && t.Routing.Department != t.Department.Slug))
            .Select(t => new LabelledExample(t.Subject, t.Description, t.Department.Slug))
            .ToList();
        Console.WriteLine($"service tickets: {rows.Count} labelled rows (closed or corrected)");
        return rows;
    }
}
