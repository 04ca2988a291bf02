using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketRouting.Data;

/// <summary>
/// Sets SQLite's <c>synchronous</c> level on every connection the service opens: it is a per-connection setting that
/// Microsoft.Data.Sqlite's connection string cannot carry. With WAL (set by the migrator), <c>NORMAL</c> syncs the log at
/// checkpoints instead of at every commit: a commit survives the process being killed, but the last commits may be lost
/// if the machine itself loses power. <c>FULL</c> (<c>Database:SqliteSynchronous=Full</c>) syncs at every commit.
/// </summary>
public sealed class SqliteSynchronousSetting(SqliteSynchronous level) : DbConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA synchronous={level.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection); // an in-process call that does no I/O: no reason to go async
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}

public enum SqliteSynchronous
{
    Normal,
    Full,
}
