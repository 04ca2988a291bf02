using Microsoft.AspNetCore.Http.HttpResults;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/user").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (UserAdministration users, CancellationToken ct) => TypedResults.Ok(await users.ListAsync(ct)))
            .WithSummary("All users.");
        group.MapPost("/", (CreateUserRequest request, UserAdministration users, CancellationToken ct) => users.CreateAsync(request, ct))
            .Validate<CreateUserRequest>().WithSummary("Create a user (agents are linked to their agent record).");
        group.MapPatch("/{id:int}", (int id, UpdateUserRequest request, UserAdministration users, CancellationToken ct) =>
                users.UpdateAsync(id, request, ct))
            .Validate<UpdateUserRequest>().WithSummary("Change display name, role, agent link, or deactivate (tokens stop at once).");
        group.MapPost("/{id:int}/password", (int id, ResetPasswordRequest request, UserAdministration users, CancellationToken ct) =>
                users.ResetPasswordAsync(id, request, ct))
            .Validate<ResetPasswordRequest>().WithSummary("Reset a password; the user's sessions end.");
        return group;
    }
}
