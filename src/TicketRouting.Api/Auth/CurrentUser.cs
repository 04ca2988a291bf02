using System.Security.Claims;
using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Auth;

/// <summary>The caller as the access token describes them.</summary>
public sealed record CurrentUser(int Id, string Name, string Role, int? AgentId = null)
{
    public bool IsPortal => Role == Roles.Portal;
    public bool IsStaff => Role is Roles.Agent or Roles.Supervisor or Roles.Admin;
    public bool IsSupervisorOrAbove => Role is Roles.Supervisor or Roles.Admin;

    /// <summary>The user id to record (history, creator), or null for an operator working outside the API.</summary>
    public int? RecordedId => Id > 0 ? Id : null;

    /// <summary>
    /// The operator at the terminal (the CLI): full rights, as the operator owns the service's database, and no user
    /// account, so history names the tool (e.g. "cli") with no user id.
    /// </summary>
    public static CurrentUser Operator(string name) => new(0, name, Roles.Admin);

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = int.TryParse(principal.FindFirstValue(TokenClaims.UserId), out var parsed) ? parsed : 0;
        return new CurrentUser(
            id,
            principal.FindFirstValue(TokenClaims.Name) ?? "unknown",
            principal.FindFirstValue(TokenClaims.Role) ?? "",
            int.TryParse(principal.FindFirstValue(TokenClaims.AgentId), out var agentId) ? agentId : null);
    }
}

public static class TokenClaims
{
    public const string UserId = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string SecurityStamp = "sst";
    public const string AgentId = "agt";
}
