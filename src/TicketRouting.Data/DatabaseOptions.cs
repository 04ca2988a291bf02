namespace TicketRouting.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Null means: true in Development, false elsewhere (run the CLI's <c>migrate</c>).</summary>
    public bool? ApplyMigrationsOnStartup { get; set; }

    /// <summary>Where the default SQLite file lives when no connection string is configured.</summary>
    public string? DataDirectory { get; set; }
}
