using System.Text.Json;
using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Tickets;

/// <summary>Enum values as they appear in JSON and query strings (snake_case lower: <c>in_progress</c>).</summary>
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName =
        Enum.GetValues<TEnum>().ToDictionary(Name, v => v, StringComparer.OrdinalIgnoreCase);

    public static readonly string List = string.Join(", ", ByName.Keys);

    public static string Name(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse(string value, out TEnum parsed) => ByName.TryGetValue(value.Trim(), out parsed);
}

public static class PriorityNames
{
    public static string List => WireNames<TicketPriority>.List;

    public static string Name(TicketPriority value) => WireNames<TicketPriority>.Name(value);

    public static bool TryParse(string value, out TicketPriority parsed) => WireNames<TicketPriority>.TryParse(value, out parsed);
}

public static class StatusNames
{
    public static string List => WireNames<TicketStatus>.List;

    public static string Name(TicketStatus value) => WireNames<TicketStatus>.Name(value);

    public static bool TryParse(string value, out TicketStatus parsed) => WireNames<TicketStatus>.TryParse(value, out parsed);
}
