using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Classifier;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Departments;

public sealed class CreateDepartmentRequest
{
    [Required, RegularExpression("^[a-z][a-z0-9-]{1,39}$", ErrorMessage = "2 to 40 lower-case letters, digits or dashes, starting with a letter.")]
    public string Slug { get; set; } = "";

    [Required, StringLength(100)]
    public string NameFr { get; set; } = "";

    [Required, StringLength(100)]
    public string NameEn { get; set; } = "";
}

public sealed class UpdateDepartmentRequest : IValidatableObject
{
    [StringLength(100), NotBlank]
    public string? NameFr { get; set; }

    [StringLength(100), NotBlank]
    public string? NameEn { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NameFr is null && NameEn is null)
        {
            yield return new ValidationResult("Give nameFr, nameEn, or both.", [nameof(NameFr), nameof(NameEn)]);
        }
    }
}

/// <summary>Admins add departments and rename them; the directory and the classifier pick the change up at once.</summary>
public sealed class DepartmentAdministration(
    TicketsDbContext db, TransactionRunner transactions, DepartmentDirectory directory, ClassifierRuntime classifier)
{
    public async Task<Results<Created<DepartmentRef>, ProblemHttpResult>> CreateAsync(CreateDepartmentRequest request, CancellationToken ct)
    {
        // In a transaction: a slug raced by a parallel request is retried, then found taken (409), never a 500.
        var department = await transactions.RunAsync(async token =>
        {
            if (await db.Departments.AnyAsync(d => d.Slug == request.Slug, token))
            {
                return null;
            }

            var created = new Department { Slug = request.Slug, NameFr = request.NameFr.Trim(), NameEn = request.NameEn.Trim() };
            db.Departments.Add(created);
            await db.SaveChangesAsync(token);
            return created;
        }, ct);
        if (department is null)
        {
            return Problems.Conflict($"The department '{request.Slug}' exists.");
        }

        await ReloadAsync(ct);
        return TypedResults.Created($"/api/department/{department.Id}", department.ToRef());
    }

    public async Task<Results<Ok<DepartmentRef>, ProblemHttpResult>> UpdateAsync(int id, UpdateDepartmentRequest request, CancellationToken ct)
    {
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null)
        {
            return Problems.NotFound($"Department {id} does not exist.");
        }

        department.NameFr = request.NameFr?.Trim() ?? department.NameFr;
        department.NameEn = request.NameEn?.Trim() ?? department.NameEn;
        await db.SaveChangesAsync(ct);
        await ReloadAsync(ct);
        return TypedResults.Ok(department.ToRef());
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        await directory.LoadAsync(db, ct);
        await classifier.LoadAsync(db, ct);
    }
}
