namespace TicketRouting.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Null means: true in Development, false elsewhere (run the CLI's <c>migrate</c>).</summary>
    public bool? ApplyMigrationsOnStartup { get; set; }

    /// <summary>
    /// The longest a request waits for the database (a busy or locked file, the writer queue, a lock held by
    /// another process) before it is answered 503 + Retry-After. Also SQLite's busy timeout.
    /// </summary>
    public int WaitSeconds { get; set; } = 5;

    /// <summary>SQLite's durability per commit (see <see cref="SqliteSynchronousSetting"/>): Normal (default) or Full.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>Where the default SQLite file lives when no connection string is configured.</summary>
    public string? DataDirectory { get; set; }
}
