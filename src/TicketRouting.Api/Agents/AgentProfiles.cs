using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Agents;

/// <summary>The shapes of skill tags and language codes, shared by agents' profiles and tickets' requirements.</summary>
public static partial class ProfileTags
{
    public static bool IsSkill(string? tag) => tag is not null && SkillTag().IsMatch(tag);

    public static bool IsLanguage(string? code) => code is not null && LanguageCode().IsMatch(code);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
    private static partial Regex SkillTag();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex LanguageCode();
}

public sealed class UpdateAgentSkillsRequest : IValidatableObject
{
    [Required, MaxLength(20)]
    public string[]? Skills { get; set; }

    [Required, MaxLength(10)]
    public string[]? Languages { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var skill in (Skills ?? []).Where(s => !ProfileTags.IsSkill(s)))
        {
            yield return new ValidationResult($"'{skill}' is not a skill tag (letters, digits and '-', up to 40).", [nameof(Skills)]);
        }

        foreach (var language in (Languages ?? []).Where(l => !ProfileTags.IsLanguage(l)))
        {
            yield return new ValidationResult($"'{language}' is not a two-letter language code (fr, en ...).", [nameof(Languages)]);
        }
    }
}

public sealed record ShiftRequest(string Day, string From, string To);

public sealed class UpdateAgentScheduleRequest : IValidatableObject
{
    [Required, StringLength(64)]
    public string TimeZone { get; set; } = "";

    [Required, MaxLength(21)]
    public ShiftRequest[]? Shifts { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TimeZone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Unknown time zone '{TimeZone}' (an IANA name such as Europe/Paris).", [nameof(TimeZone)]);
        }

        foreach (var (shift, i) in (Shifts ?? []).Select((s, i) => (s, i)))
        {
            if (shift is null || !Enum.TryParse<DayOfWeek>(shift.Day, ignoreCase: true, out var day) || !Enum.IsDefined(day)
                || AgentProfiles.Minute(shift.From) is not { } from || AgentProfiles.Minute(shift.To) is not { } to || from == to)
            {
                yield return new ValidationResult(
                    $"Shift {i}: give a day (monday..sunday) and from/to as HH:mm, different from each other.", [$"{nameof(Shifts)}[{i}]"]);
            }
        }
    }
}

public sealed class CreateAbsenceRequest : IValidatableObject
{
    [Required]
    public DateTimeOffset? From { get; set; }

    [Required]
    public DateTimeOffset? To { get; set; }

    [StringLength(200)]
    public string? Reason { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (From is { } from && To is { } to && to <= from)
        {
            yield return new ValidationResult("The absence must end after it starts.", [nameof(To)]);
        }
    }
}

public sealed record ShiftResponse(string Day, string From, string To);

public sealed record AbsenceResponse(int Id, DateTimeOffset From, DateTimeOffset To, string? Reason);

/// <summary>Agents' skills, languages and working time, stored flat on the agent and read into Core's <see cref="AgentProfile"/>.</summary>
public static class AgentProfiles
{
    public static string[] Split(string joined) => joined.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => v.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    public static int? Minute(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour * 60 + t.Minute : null;

    public static string Time(int minute) => new TimeOnly(minute / 60, minute % 60).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static ShiftResponse ToResponse(AgentShift s) => new(s.Day.ToString().ToLowerInvariant(), Time(s.StartMinute), Time(s.EndMinute));

    public static AgentProfile ToProfile(string skills, string languages, string timeZone, IEnumerable<AgentShift> shifts, IEnumerable<AgentAbsence> absences) =>
        FromWindows(
            skills,
            languages,
            timeZone,
            [.. shifts.Select(s => new ShiftWindow(s.Day, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s.StartMinute)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(s.EndMinute))))],
            [.. absences.Select(a => new Absence(a.From, a.To))]);

    public static AgentProfile FromWindows(string skills, string languages, string timeZone, IReadOnlyList<ShiftWindow> shifts, IReadOnlyList<Absence> absences)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var schedule = new WorkSchedule(zone, shifts, absences);
        return new AgentProfile(
            new HashSet<string>(Split(skills), StringComparer.OrdinalIgnoreCase), new HashSet<string>(Split(languages), StringComparer.OrdinalIgnoreCase), schedule);
    }
}
