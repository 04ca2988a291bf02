using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Projects;

public static class ProjectsApi
{
    public static void MapProjects(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/project").WithTags("Projects").RequireAuthorization(Policies.Agent);
        group.MapGet("/", (ProjectCatalog catalog, CancellationToken ct) => catalog.ListAsync(ct)).WithSummary("Projects with their ticket counts.");
        group.MapGet("/{key}/stats", (string key, ProjectCatalog catalog, CancellationToken ct) => catalog.StatsAsync(key, ct))
            .WithSummary("A project's tickets by status, priority and department; filter its tickets with GET /api/ticket?project=KEY.");
        group.MapPost("/", (CreateProjectRequest request, ProjectCatalog catalog, CancellationToken ct) => catalog.CreateAsync(request, ct))
            .Validate<CreateProjectRequest>().RequireAuthorization(Policies.Supervisor).WithSummary("Create a project (supervisor, admin).");
        group.MapPatch("/{key}", (string key, RenameProjectRequest request, ProjectCatalog catalog, CancellationToken ct) =>
                catalog.RenameAsync(key, request, ct))
            .Validate<RenameProjectRequest>().RequireAuthorization(Policies.Supervisor).WithSummary("Rename a project (supervisor, admin).");
        group.MapDelete("/{key}", (string key, ProjectCatalog catalog, CancellationToken ct) => catalog.DeleteAsync(key, ct))
            .RequireAuthorization(Policies.Supervisor).WithSummary("Delete a project that holds no ticket (supervisor, admin).");

        routes.MapPut("/api/ticket/{id}/project", SetTicketProjectAsync).WithTags("Projects")
            .Validate<SetTicketProjectRequest>().RequireAuthorization(Policies.Supervisor)
            .WithSummary("Put a ticket in a project ({\"project\":\"WEB\"}) or take it out ({\"project\":null}).");
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SetTicketProjectAsync(
        string id, SetTicketProjectRequest request, ProjectCatalog catalog, ClaimsPrincipal principal, CancellationToken ct) =>
        Ticket.TryParseId(id, out var ticketId)
            ? await catalog.SetTicketProjectAsync(ticketId, request.Project, CurrentUser.From(principal), ct)
            : Problems.NotFound($"Ticket {id} does not exist.");
}
