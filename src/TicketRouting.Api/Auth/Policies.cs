using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Auth;

/// <summary>Authorization policies by minimum role (portal &lt; agent &lt; supervisor &lt; admin).</summary>
public static class Policies
{
    /// <summary>Any signed-in role, the portal included.</summary>
    public const string Portal = "portal+";
    public const string Agent = "agent+";
    public const string Supervisor = "supervisor+";
    public const string Admin = "admin";

    public static IServiceCollection AddTicketRoutingPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Portal, p => p.RequireRole(Roles.AtLeast(Roles.Portal)))
            .AddPolicy(Agent, p => p.RequireRole(Roles.AtLeast(Roles.Agent)))
            .AddPolicy(Supervisor, p => p.RequireRole(Roles.AtLeast(Roles.Supervisor)))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }
}
