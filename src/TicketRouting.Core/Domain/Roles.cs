namespace TicketRouting.Core.Domain;

/// <summary>User roles. Order matters: portal &lt; agent &lt; supervisor &lt; admin.</summary>
public static class Roles
{
    public const string Portal = "portal";
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Portal, Agent, Supervisor, Admin];

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>The roles at or above <paramref name="role"/> among the staff roles (the portal is apart).</summary>
    public static string[] AtLeast(string role) => role switch
    {
        Agent => [Agent, Supervisor, Admin],
        Supervisor => [Supervisor, Admin],
        Admin => [Admin],
        Portal => [Portal, Agent, Supervisor, Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };
}
