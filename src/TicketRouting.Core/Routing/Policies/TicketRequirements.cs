using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Routing.Policies;

/// <summary>
/// What a ticket asks of its agent. <see cref="RequiredSkills"/> are never dropped; <see cref="OptionalSkills"/> are
/// dropped after the skill timeout, and then the language if <see cref="RoutingPolicyOptions.RelaxLanguage"/>.
/// </summary>
public sealed record TicketRequirements(string? Language, IReadOnlySet<string> RequiredSkills, IReadOnlySet<string> OptionalSkills)
{
    public static readonly TicketRequirements None = Create(null, [], []);

    public static TicketRequirements Create(string? language, IEnumerable<string> required, IEnumerable<string> optional)
    {
        var requiredSet = new HashSet<string>(required, StringComparer.OrdinalIgnoreCase);
        var optionalSet = new HashSet<string>(optional.Where(s => !requiredSet.Contains(s)), StringComparer.OrdinalIgnoreCase);
        return new(language?.ToLowerInvariant(), requiredSet, optionalSet);
    }

    public IEnumerable<string> AllSkills => RequiredSkills.Concat(OptionalSkills);
}

/// <summary>A requirement dropped because the ticket waited too long: <c>optional-skills</c> or <c>language</c>.</summary>
public sealed record Relaxation(string Requirement, DateTimeOffset At);

/// <summary>The routing settings (section <c>Routing</c>) that the policies read; every one is explained in the README.</summary>
public sealed class RoutingPolicyOptions
{
    /// <summary>Minutes in the queue after which optional skills are dropped; the language goes after twice as long.</summary>
    public double SkillTimeoutMinutes { get; set; } = 30;

    /// <summary>Whether the language may be dropped too (after a second timeout).</summary>
    public bool RelaxLanguage { get; set; } = true;

    /// <summary>Days a returning customer's last agent is preferred; 0 switches the preference off.</summary>
    public double StickyDays { get; set; } = 14;

    /// <summary>Minutes without action by the assignee after which a ticket is rescued, per priority; a priority
    /// missing here waits half of its time from assignment to due.</summary>
    public Dictionary<TicketPriority, double> StallMinutes { get; } = [];

    /// <summary>How many times one ticket may be rescued.</summary>
    public int MaxRescuesPerTicket { get; set; } = 1;

    /// <summary>Give back unstarted tickets when their agent's shift ends or an absence starts.</summary>
    public bool RedistributeOnAbsence { get; set; } = true;

    /// <summary>Seconds between two passes of the routing maintenance (rescue, give-back, relaxation and re-offer).</summary>
    public double MaintenanceSeconds { get; set; } = 60;

    /// <summary><c>Routing:Policies:Enabled</c>: false routes plain least-loaded (available, below capacity) and runs no maintenance.</summary>
    public RoutingPolicySwitch Policies { get; set; } = new();
}

public sealed class RoutingPolicySwitch
{
    public bool Enabled { get; set; } = true;
}
