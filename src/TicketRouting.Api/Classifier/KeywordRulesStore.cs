using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Classification;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Classifier;

/// <summary>The keyword rules in the database: read, replace (validated, audited) and apply to the running classifier.</summary>
public sealed class KeywordRulesStore(
    TicketsDbContext db, DepartmentDirectory departments, ClassifierRuntime runtime, TimeProvider clock)
{
    public const int MaxRules = 10_000;

    public async Task<KeywordRuleFile> ReadAsync(CancellationToken ct)
    {
        var rules = await db.KeywordRules.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { r.Department.Slug, r.Term, r.Weight }).ToListAsync(ct);
        var version = await db.RuleSetRevisions.OrderByDescending(r => r.Id).Select(r => r.Version).FirstOrDefaultAsync(ct) ?? "empty";
        return new KeywordRuleFile(version, rules.GroupBy(r => r.Slug)
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Term, r => r.Weight)));
    }

    /// <summary>Replaces every rule in one transaction; returns field errors and changes nothing if any rule is invalid.</summary>
    public async Task<Dictionary<string, string[]>> ReplaceAsync(KeywordRuleFile file, CurrentActor actor, CancellationToken ct)
    {
        var shapeErrors = ValidateShape(file);
        if (shapeErrors.Count > 0)
        {
            return shapeErrors;
        }

        var rules = file.ToRules().ToList();
        var errors = Validate(rules);
        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetUtcNow();
        var version = string.IsNullOrWhiteSpace(file.Version) ? $"{now:yyyyMMdd-HHmmss}" : file.Version.Trim();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.KeywordRules.ExecuteDeleteAsync(ct);
            db.KeywordRules.AddRange(rules.Select(r => new KeywordRuleEntity
            {
                DepartmentId = departments.Find(r.Department)!.Id,
                Term = r.Term.Trim(),
                Weight = r.Weight,
            }));
            db.RuleSetRevisions.Add(new RuleSetRevision
            {
                Version = version,
                RuleCount = rules.Count,
                ChangedByUserId = actor.UserId,
                ChangedByName = actor.Name,
                ChangedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await runtime.LoadAsync(db, ct);
        return [];
    }

    public const int MaxVersionLength = 40;

    private static Dictionary<string, string[]> ValidateShape(KeywordRuleFile file)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (slug, terms) in file.Departments)
        {
            if (terms is null)
            {
                errors[$"departments.{slug}"] = ["Give an object of { term: weight }."];
            }
        }

        if (!string.IsNullOrEmpty(file.Version)
            && (file.Version.Length > MaxVersionLength || !file.Version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            errors["version"] = [$"At most {MaxVersionLength} letters, digits, dots, dashes or underscores."];
        }

        return errors;
    }

    private Dictionary<string, string[]> Validate(List<KeywordRule> rules)
    {
        var errors = new Dictionary<string, string[]>();
        if (rules.Count is 0 or > MaxRules)
        {
            errors["departments"] = [$"Give 1 to {MaxRules} rules."];
        }

        foreach (var rule in rules)
        {
            var key = $"departments.{rule.Department}.{rule.Term}";
            var problems = rule.Validate().ToList();
            if (departments.Find(rule.Department) is null)
            {
                problems.Add($"Unknown department '{rule.Department}'.");
            }

            if (problems.Count > 0)
            {
                errors[key] = problems.ToArray();
            }
        }

        foreach (var duplicate in rules.GroupBy(r => (r.Department, Term: r.Term.Trim().ToLowerInvariant())).Where(g => g.Count() > 1))
        {
            errors[$"departments.{duplicate.Key.Department}.{duplicate.Key.Term}"] = ["The term appears twice."];
        }

        return errors;
    }
}
