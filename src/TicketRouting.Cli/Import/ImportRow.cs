using System.Globalization;
using System.Text;
using TicketRouting.Core.Domain;

namespace TicketRouting.Cli.Import;

/// <summary>A ticket read from an import file, before routing.</summary>
internal sealed record ImportedTicket(
    string SourceId, string Subject, string Description, TicketPriority Priority, TicketStatus Status,
    IReadOnlyList<string> Tags, DateTimeOffset? CreatedAt, string? Department);

/// <summary>
/// Maps one row of an import file (French or English field names and words, any case, with or without accents)
/// to a ticket, or to the reason it is rejected.
/// </summary>
internal static class ImportRow
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["id"] = "id", ["sourceid"] = "id", ["reference"] = "id",
        ["titre"] = "title", ["title"] = "title", ["subject"] = "title", ["sujet"] = "title", ["objet"] = "title",
        ["description"] = "description",
        ["priorite"] = "priority", ["priority"] = "priority",
        ["statut"] = "status", ["status"] = "status", ["etat"] = "status",
        ["tags"] = "tags", ["etiquettes"] = "tags",
        ["datecreation"] = "created", ["datedecreation"] = "created", ["creationdate"] = "created", ["createdat"] = "created",
        ["created"] = "created", ["date"] = "created", ["cree"] = "created", ["creele"] = "created",
        ["departement"] = "department", ["department"] = "department", ["service"] = "department",
    };

    private static readonly Dictionary<string, TicketStatus> Statuses = new()
    {
        ["ouvert"] = TicketStatus.Open, ["open"] = TicketStatus.Open, ["nouveau"] = TicketStatus.Open, ["new"] = TicketStatus.Open,
        ["encours"] = TicketStatus.InProgress, ["inprogress"] = TicketStatus.InProgress,
        ["bloque"] = TicketStatus.Blocked, ["blocked"] = TicketStatus.Blocked,
        ["ferme"] = TicketStatus.Closed, ["closed"] = TicketStatus.Closed, ["resolu"] = TicketStatus.Closed, ["resolved"] = TicketStatus.Closed,
    };

    private static readonly Dictionary<string, TicketPriority> Priorities = new()
    {
        ["basse"] = TicketPriority.Low, ["faible"] = TicketPriority.Low, ["low"] = TicketPriority.Low,
        ["moyenne"] = TicketPriority.Medium, ["normale"] = TicketPriority.Medium, ["medium"] = TicketPriority.Medium, ["normal"] = TicketPriority.Medium,
        ["haute"] = TicketPriority.High, ["elevee"] = TicketPriority.High, ["high"] = TicketPriority.High,
        ["critique"] = TicketPriority.Critical, ["urgente"] = TicketPriority.Critical, ["critical"] = TicketPriority.Critical, ["urgent"] = TicketPriority.Critical,
    };

    /// <summary>"Date de création" → "datedecreation": lower case, no accents, letters and digits only.</summary>
    /// <summary>A status word of the import files (French or English, any case or accents), for the CLI's other commands too.</summary>
    public static bool TryStatus(string word, out TicketStatus status) => Statuses.TryGetValue(Fold(word), out status);

    public static bool TryPriority(string word, out TicketPriority priority) => Priorities.TryGetValue(Fold(word), out priority);

    public static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>The canonical field name (id, title, ...) of a column, or null for a column the import ignores.</summary>
    public static string? Field(string name) => Fields.GetValueOrDefault(Fold(name));

    public static (ImportedTicket? Ticket, string? Error) Map(IReadOnlyDictionary<string, string?> values, IReadOnlyList<string>? tags)
    {
        string? Get(string field) => values.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var id = Get("id");
        if (id is null)
        {
            return (null, "no id");
        }

        if (id.Length > 100)
        {
            return (null, "id longer than 100 characters");
        }

        var title = Get("title");
        var description = Get("description") ?? title;
        if (title is null)
        {
            return (null, "no title (titre)");
        }

        if (title.Length > 200 || description!.Length > 20_000)
        {
            return (null, title.Length > 200 ? "title longer than 200 characters" : "description longer than 20,000 characters");
        }

        var status = TicketStatus.Open;
        if (Get("status") is { } statusWord && !Statuses.TryGetValue(Fold(statusWord), out status))
        {
            return (null, $"unknown status '{statusWord}' (ouvert, en cours, bloqué, fermé / open, in progress, blocked, closed)");
        }

        var priority = TicketPriority.Medium;
        if (Get("priority") is { } priorityWord && !Priorities.TryGetValue(Fold(priorityWord), out priority))
        {
            return (null, $"unknown priority '{priorityWord}' (basse, moyenne, haute, critique / low, medium, high, critical)");
        }

        DateTimeOffset? created = null;
        if (Get("created") is { } date)
        {
            // ISO 8601, or French day-first dates (02/03/2026 is 2 March); no time zone means UTC.
            if (!DateTimeOffset.TryParse(date, CultureInfo.GetCultureInfo("fr-FR"), DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, $"creation date '{date}' is not a date");
            }

            created = parsed.ToUniversalTime();
        }

        var cleanTags = (tags ?? (Get("tags") ?? "").Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();
        if (cleanTags.FirstOrDefault(t => t.Length > 50) is { } longTag)
        {
            return (null, $"tag '{longTag[..20]}…' longer than 50 characters");
        }

        return (new ImportedTicket(id, title, description!, priority, status, cleanTags, created, Get("department")?.ToLowerInvariant()), null);
    }
}
