using System.Collections.Concurrent;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Agents;

/// <summary>
/// Agents' weekly shifts and absences (current and future), and the policy profiles built from them, kept in memory
/// for the intake's hot path: they change rarely (a supervisor edits a schedule or records leave) while every batch of
/// tickets needs them. Freshness, also across processes: each intake snapshot reads a <see cref="ScheduleFingerprint"/>
/// of both tables in the same command as the agents' loads; a fingerprint other than the cached one reloads both
/// tables before the batch is routed. Nothing edits a shift or an absence row in place (a schedule is replaced by
/// delete + insert, an absence is added or deleted) and ids are never reused (AUTOINCREMENT on SQLite, identity
/// columns elsewhere), so every change moves the row count or the highest id of its table.
/// </summary>
public sealed class AgentScheduleCache
{
    private Schedules? _schedules;

    /// <summary>The cached tables, or null when <paramref name="fingerprint"/> says they changed (or nothing is cached).</summary>
    public Schedules? Current(ScheduleFingerprint fingerprint) => _schedules is { } s && s.Fingerprint == fingerprint ? s : null;

    /// <summary>Keeps what was just read; its fingerprint must have been read before the rows (it may then only be older).</summary>
    public Schedules Store(ScheduleFingerprint fingerprint, IEnumerable<AgentShift> shifts, IEnumerable<AgentAbsence> absences)
    {
        var schedules = new Schedules(
            fingerprint,
            shifts.GroupBy(s => s.AgentId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ShiftWindow>)[.. g.Select(s => new ShiftWindow(s.Day, Minute(s.StartMinute), Minute(s.EndMinute)))]),
            absences.GroupBy(a => a.AgentId).ToDictionary(g => g.Key, g => (IReadOnlyList<Absence>)[.. g.Select(a => new Absence(a.From, a.To))]));
        _schedules = schedules;
        return schedules;
    }

    private static TimeOnly Minute(int minute) => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute));

    /// <summary>One reading of both tables, with the profiles built from it (at most one per agent and skills/languages/zone).</summary>
    public sealed class Schedules(
        ScheduleFingerprint fingerprint, Dictionary<int, IReadOnlyList<ShiftWindow>> shifts, Dictionary<int, IReadOnlyList<Absence>> absences)
    {
        private readonly ConcurrentDictionary<int, CachedProfile> _profiles = new();

        public ScheduleFingerprint Fingerprint => fingerprint;

        /// <summary>The agent's profile; built again only when their skills, languages or time zone (agent row, read on
        /// every batch) differ from the cached ones.</summary>
        public AgentProfile Profile(int agentId, string skills, string languages, string timeZone)
        {
            if (_profiles.TryGetValue(agentId, out var cached)
                && cached.Skills == skills && cached.Languages == languages && cached.TimeZone == timeZone)
            {
                return cached.Profile;
            }

            var profile = AgentProfiles.FromWindows(
                skills, languages, timeZone, shifts.GetValueOrDefault(agentId) ?? [], absences.GetValueOrDefault(agentId) ?? []);
            _profiles[agentId] = new CachedProfile(skills, languages, timeZone, profile);
            return profile;
        }

        private sealed record CachedProfile(string Skills, string Languages, string TimeZone, AgentProfile Profile);
    }
}

/// <summary>Row count and highest id of the shifts and absences tables: any insert or delete changes one of them.</summary>
public readonly record struct ScheduleFingerprint(long Shifts, long LastShiftId, long Absences, long LastAbsenceId);
