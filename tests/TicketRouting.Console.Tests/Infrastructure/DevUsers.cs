namespace TicketRouting.Console.Tests.Infrastructure;

/// <summary>The development users of seed/users.json (public, development-only passwords).</summary>
public static class DevUsers
{
    public static readonly (string Username, string Password) Portal = ("portal", "portal-dev-only-2026");
    public static readonly (string Username, string Password) Admin = ("admin", "admin-dev-only-2026");
    public static readonly (string Username, string Password) Supervisor = ("supervisor", "supervisor-dev-only-2026");

    /// <summary>An agent of billing (agent id 1).</summary>
    public static readonly (string Username, string Password) BillingAgent = ("camille.bernard", "agent-dev-only-2026");
}
