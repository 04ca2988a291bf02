namespace TicketRouting.Data.Entities;

public class User
{
    public int Id { get; set; }
    public required string Username { get; set; }

    /// <summary>Upper-invariant username: logins are case-insensitive on every provider.</summary>
    public required string NormalizedUsername { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public required string Role { get; set; }
    public bool IsActive { get; set; } = true;
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }

    /// <summary>Changes whenever the user's access must end (deactivation, role change, password reset); tokens carry it.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public DateTimeOffset CreatedAt { get; set; }
    public Agent? Agent { get; set; }

    public static string Normalize(string username) => username.Trim().ToUpperInvariant();
}
