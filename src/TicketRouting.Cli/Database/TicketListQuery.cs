using TicketRouting.Cli.Import;
using TicketRouting.Core.Domain;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Database;

/// <summary>`tickets list --sort FIELD --filter FIELD=VALUE`: the seed's menu operations over the database.</summary>
internal static class TicketListQuery
{
    public const string SortFields = "created, updated, priority, status, key, subject";
    public const string FilterFields = "status, priority, department, tag, project";

    /// <summary>Applies the filters, or returns the first one that is not understood.</summary>
    public static (IQueryable<Ticket> Query, string? Error) Filter(IQueryable<Ticket> tickets, IEnumerable<string> filters)
    {
        foreach (var filter in filters)
        {
            var parts = filter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[1].Length == 0)
            {
                return (tickets, $"--filter '{filter}': expected FIELD=VALUE ({FilterFields})");
            }

            var value = parts[1];
            switch (parts[0].ToLowerInvariant())
            {
                case "status" when ImportRow.Map(new Dictionary<string, string?> { ["id"] = "x", ["title"] = "x", ["status"] = value }, null).Ticket is { } s:
                    tickets = tickets.Where(t => t.Status == s.Status);
                    break;
                case "priority" when ImportRow.Map(new Dictionary<string, string?> { ["id"] = "x", ["title"] = "x", ["priority"] = value }, null).Ticket is { } p:
                    tickets = tickets.Where(t => t.Priority == p.Priority);
                    break;
                case "department":
                    tickets = tickets.Where(t => t.Department.Slug == value.ToLowerInvariant());
                    break;
                case "tag":
                    tickets = tickets.Where(t => t.Tags.Any(x => x.Tag == value.ToLowerInvariant()));
                    break;
                case "project":
                    tickets = tickets.Where(t => t.Project != null && t.Project.Key == value.ToUpperInvariant());
                    break;
                default:
                    return (tickets, $"--filter '{filter}': unknown field or value (fields: {FilterFields})");
            }
        }

        return (tickets, null);
    }

    public static (IQueryable<Ticket> Query, string? Error) Sort(IQueryable<Ticket> tickets, string? field, bool descending) =>
        (field?.ToLowerInvariant() ?? "created") switch
        {
            "created" => (descending ? tickets.OrderByDescending(t => t.CreatedAt) : tickets.OrderBy(t => t.CreatedAt), null),
            "updated" => (descending ? tickets.OrderByDescending(t => t.UpdatedAt) : tickets.OrderBy(t => t.UpdatedAt), null),
            "priority" => (descending ? tickets.OrderByDescending(t => t.Priority).ThenBy(t => t.Id) : tickets.OrderBy(t => t.Priority).ThenBy(t => t.Id), null),
            "status" => (descending ? tickets.OrderByDescending(t => t.Status).ThenBy(t => t.Id) : tickets.OrderBy(t => t.Status).ThenBy(t => t.Id), null),
            "key" or "id" => (descending ? tickets.OrderByDescending(t => t.Id) : tickets.OrderBy(t => t.Id), null),
            "subject" or "title" => (descending ? tickets.OrderByDescending(t => t.Subject) : tickets.OrderBy(t => t.Subject), null),
            _ => (tickets, $"--sort '{field}': use one of {SortFields}"),
        };
}
