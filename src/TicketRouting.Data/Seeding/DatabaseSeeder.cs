using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Classification;
using TicketRouting.Data.Entities;

namespace TicketRouting.Data.Seeding;

/// <summary>
/// Loads seed/ into the database. Idempotent: departments, agents and users are matched by their natural
/// key and only the missing ones are added; keyword rules are loaded only while the rules table is empty,
/// so an admin's edits survive restarts.
/// </summary>
public sealed class DatabaseSeeder(TicketsDbContext db, IPasswordHasher<User> passwordHasher, TimeProvider clock)
{
    public sealed record Result(int Departments, int Agents, int Rules, int Users);

    /// <summary>The development users' usernames and public passwords (seed/users.json).</summary>
    public static IReadOnlyList<(string Username, string Password)> DevelopmentCredentials(string seedDirectory) =>
        SeedFiles.Read<UserSeedFile>(seedDirectory, "users.json").Users.Select(u => (u.Username, u.Password)).ToList();

    public async Task<Result> SeedAsync(string seedDirectory, bool includeDevelopmentUsers, CancellationToken ct = default)
    {
        var departments = await SeedDepartmentsAsync(seedDirectory, ct);
        var agents = await SeedAgentsAsync(seedDirectory, ct);
        var rules = await SeedRulesAsync(seedDirectory, ct);
        var users = includeDevelopmentUsers ? await SeedUsersAsync(seedDirectory, ct) : 0;
        return new Result(departments, agents, rules, users);
    }

    private async Task<int> SeedDepartmentsAsync(string dir, CancellationToken ct)
    {
        var existing = await db.Departments.Select(d => d.Slug).ToHashSetAsync(ct);
        var missing = SeedFiles.Read<List<DepartmentSeed>>(dir, "departments.json").Where(d => !existing.Contains(d.Slug)).ToList();
        db.Departments.AddRange(missing.Select(d => new Department { Slug = d.Slug, NameFr = d.NameFr, NameEn = d.NameEn }));
        await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    private async Task<int> SeedAgentsAsync(string dir, CancellationToken ct)
    {
        var departments = await db.Departments.ToDictionaryAsync(d => d.Slug, d => d.Id, ct);
        var existing = await db.Agents.Select(a => a.Email).ToHashSetAsync(ct);
        var missing = SeedFiles.Read<List<AgentSeed>>(dir, "agents.json").Where(a => !existing.Contains(a.Email)).ToList();
        foreach (var seed in missing)
        {
            if (!departments.TryGetValue(seed.Department, out var departmentId))
            {
                throw new InvalidDataException($"agents.json: {seed.Email} names unknown department '{seed.Department}'");
            }

            db.Agents.Add(new Agent
            {
                Name = seed.Name,
                Email = seed.Email,
                DepartmentId = departmentId,
                Capacity = seed.Capacity,
                Available = seed.Available,
            });
        }

        await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    private async Task<int> SeedRulesAsync(string dir, CancellationToken ct)
    {
        if (await db.KeywordRules.AnyAsync(ct))
        {
            return 0;
        }

        var file = KeywordRuleFile.Load(Path.Combine(dir, "keyword-rules.json"));
        var departments = await db.Departments.ToDictionaryAsync(d => d.Slug, d => d.Id, ct);
        var rules = file.ToRules()
            .Where(r => departments.ContainsKey(r.Department))
            .Select(r => new KeywordRuleEntity { DepartmentId = departments[r.Department], Term = r.Term, Weight = r.Weight })
            .ToList();
        db.KeywordRules.AddRange(rules);
        db.RuleSetRevisions.Add(new RuleSetRevision
        {
            Version = file.Version,
            RuleCount = rules.Count,
            ChangedByName = "seed",
            ChangedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return rules.Count;
    }

    private async Task<int> SeedUsersAsync(string dir, CancellationToken ct)
    {
        var existing = await db.Users.Select(u => u.NormalizedUsername).ToHashSetAsync(ct);
        var missing = SeedFiles.Read<UserSeedFile>(dir, "users.json").Users
            .Where(u => !existing.Contains(User.Normalize(u.Username)))
            .ToList();
        foreach (var seed in missing)
        {
            var user = new User
            {
                Username = seed.Username,
                NormalizedUsername = User.Normalize(seed.Username),
                DisplayName = seed.DisplayName,
                Role = seed.Role,
                CreatedAt = clock.GetUtcNow(),
            };
            user.PasswordHash = passwordHasher.HashPassword(user, seed.Password);
            db.Users.Add(user);
            if (seed.AgentEmail is not null)
            {
                var agent = await db.Agents.SingleAsync(a => a.Email == seed.AgentEmail, ct);
                agent.User = user;
            }
        }

        await db.SaveChangesAsync(ct);
        return missing.Count;
    }
}
