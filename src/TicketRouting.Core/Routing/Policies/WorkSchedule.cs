namespace TicketRouting.Core.Routing.Policies;

/// <summary>One weekly working window in the agent's own time zone; <see cref="End"/> before <see cref="Start"/> crosses midnight.</summary>
public sealed record ShiftWindow(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>A period of leave, in absolute time: from inclusive, to exclusive.</summary>
public sealed record Absence(DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(DateTimeOffset now) => now >= From && now < To;
}

/// <summary>
/// An agent's weekly hours and absences. No shift window at all means "no schedule kept": always on shift,
/// which is how agents behave before anyone enters their hours.
/// </summary>
public sealed record WorkSchedule(TimeZoneInfo TimeZone, IReadOnlyList<ShiftWindow> Shifts, IReadOnlyList<Absence> Absences)
{
    public static readonly WorkSchedule Always = new(TimeZoneInfo.Utc, [], []);

    public bool IsAbsent(DateTimeOffset now)
    {
        // A loop, not Any(): this runs for every candidate of every ticket on the intake's hot path.
        for (var i = 0; i < Absences.Count; i++)
        {
            if (Absences[i].Covers(now))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsOnShift(DateTimeOffset now)
    {
        if (Shifts.Count == 0)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(now, TimeZone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var yesterday = local.DayOfWeek == DayOfWeek.Sunday ? DayOfWeek.Saturday : local.DayOfWeek - 1;
        for (var i = 0; i < Shifts.Count; i++)
        {
            var shift = Shifts[i];
            var overnight = shift.End <= shift.Start;
            if (shift.Day == local.DayOfWeek && time >= shift.Start && (overnight || time < shift.End))
            {
                return true;
            }

            // The tail of yesterday's overnight shift.
            if (overnight && shift.Day == yesterday && time < shift.End)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsWorking(DateTimeOffset now) => IsOnShift(now) && !IsAbsent(now);
}

/// <summary>What the routing policies know of an agent beyond load: skills, languages and working time.</summary>
public sealed record AgentProfile(IReadOnlySet<string> Skills, IReadOnlySet<string> Languages, WorkSchedule Schedule)
{
    /// <summary>No skills recorded, no language recorded (speaks anything), always on shift: today's agents.</summary>
    public static readonly AgentProfile Unrestricted = new(
        new HashSet<string>(StringComparer.OrdinalIgnoreCase), new HashSet<string>(StringComparer.OrdinalIgnoreCase), WorkSchedule.Always);

    /// <summary>An agent with no language recorded is not filtered out by language.</summary>
    public bool Speaks(string? language) => language is null || Languages.Count == 0 || Languages.Contains(language);

    public bool HasSkills(IEnumerable<string> skills) => skills.All(Skills.Contains);

    /// <summary>Every required and optional skill of <paramref name="requirements"/>, without allocating (hot path).</summary>
    public bool HasSkills(TicketRequirements requirements)
    {
        if (requirements.RequiredSkills.Count == 0 && requirements.OptionalSkills.Count == 0)
        {
            return true; // most tickets: no enumerator to box
        }

        foreach (var skill in requirements.RequiredSkills)
        {
            if (!Skills.Contains(skill))
            {
                return false;
            }
        }

        foreach (var skill in requirements.OptionalSkills)
        {
            if (!Skills.Contains(skill))
            {
                return false;
            }
        }

        return true;
    }
}
