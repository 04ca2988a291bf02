using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The batch's inserts as plain SQL, in the caller's transaction. Table names, column names and value conversions
/// (UTC ticks on SQLite, enums) come from EF Core's model, computed once per model, so the SQL cannot drift from it.
/// SQLite (in process, no round trips): one prepared single-row INSERT per table, executed once per row with new
/// values. Microsoft.Data.Sqlite binds every parameter of a command by name into every statement, so one command
/// holding many rows' parameters costs rows x parameters lookups; a prepared statement per table costs one bind per
/// value. PostgreSQL (round trips under the department locks): the tickets' ids are taken from their identity sequence
/// in the snapshot command (<see cref="ReserveTicketIdsSql"/>), so that after it one command of multi-row INSERTs
/// (one per table: tickets with their ids, routing records, history, tags) with the agents' last-assignment update
/// is the only round trip before the commit. Other providers keep SaveChanges.
/// </summary>
internal sealed class IntakeInserts(TicketsDbContext db)
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, TableColumns>> Tables = new();

    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    // Rows per multi-row INSERT: well below PostgreSQL's parameter limit.
    private const int RowsPerStatement = 500;

    public static bool Supports(TicketsDbContext db) => db.Provider is DatabaseProvider.Sqlite or DatabaseProvider.Postgres;

    public async Task InsertAsync(IReadOnlyList<Ticket> tickets, IReadOnlyCollection<int> assignedAgents, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await InsertRowByRowAsync(tickets, ct);
        }
        else if (tickets.Any(t => t.Id <= 0))
        {
            throw new InvalidOperationException("PostgreSQL tickets are inserted with ids reserved before the locks.");
        }

        foreach (var ticket in tickets)
        {
            ticket.Routing!.TicketId = ticket.Id;
            ticket.Events.ForEach(e => e.TicketId = ticket.Id);
            ticket.Tags.ForEach(t => t.TicketId = ticket.Id);
        }

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await InsertRowByRowAsync(tickets.Select(t => t.Routing!).ToList(), ct);
            await InsertRowByRowAsync(tickets.SelectMany(t => t.Events).ToList(), ct);
            await InsertRowByRowAsync(tickets.SelectMany(t => t.Tags).ToList(), ct);
            if (assignedAgents.Count > 0)
            {
                await using var update = NewCommand();
                update.CommandText = AgentsAssigned(update, assignedAgents, now);
                await update.ExecuteNonQueryAsync(ct);
            }

            return;
        }

        // Tickets, routing records, history, tags and the agents' last assignment: one command, one round trip to a server.
        await using var command = NewCommand();
        var sql = new StringBuilder();
        AppendInserts(command, sql, "k", tickets, withKey: true);
        AppendInserts(command, sql, "r", tickets.Select(t => t.Routing!).ToList());
        AppendInserts(command, sql, "e", tickets.SelectMany(t => t.Events).ToList());
        AppendInserts(command, sql, "t", tickets.SelectMany(t => t.Tags).ToList());
        if (assignedAgents.Count > 0)
        {
            sql.Append(AgentsAssigned(command, assignedAgents, now));
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tie-break's "least recently assigned": one statement for every agent of the batch (ids are integers).</summary>
    private string AgentsAssigned(DbCommand command, IReadOnlyCollection<int> agents, DateTimeOffset now)
    {
        var agent = db.Model.FindEntityType(typeof(Agent))!;
        var lastAssigned = agent.FindProperty(nameof(Agent.LastAssignedAt))!;
        command.Parameters.Add(((RelationalTypeMapping)lastAssigned.GetTypeMapping()).CreateParameter(command, "@assignedAt", now, nullable: true));
        return $"UPDATE {Quote(agent.GetTableName()!)} SET {Quote(lastAssigned.GetColumnName())} = @assignedAt "
            + $"WHERE {Quote(agent.FindProperty(nameof(Agent.Id))!.GetColumnName())} IN ({string.Join(", ", agents)});";
    }

    /// <summary>SQLite: one prepared INSERT for the table, run once per row; a ticket's id comes back by RETURNING.</summary>
    private async Task InsertRowByRowAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (table, columns, key) = Columns<T>();
        await using var command = NewCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES "
            + $"({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}){(typeof(T) == typeof(Ticket) ? $" RETURNING {key}" : "")};";
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(columns[i].Parameter(command, $"@p{i}", row));
            }

            if (row is Ticket ticket)
            {
                ticket.Id = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
            }
            else
            {
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>
    /// PostgreSQL: the query that takes <paramref name="count"/> ticket ids from the tickets' identity sequence (one
    /// row each), sent in the snapshot command (<see cref="IntakeSnapshot"/>) so that it costs no round trip of its
    /// own (a rolled-back batch leaves a gap in the ids, as a failed insert does). SQLite assigns ids at insert time,
    /// under its write lock anyway: none.
    /// </summary>
    public string? ReserveTicketIdsSql(int count)
    {
        if (db.Provider != DatabaseProvider.Postgres || count == 0)
        {
            return null;
        }

        var (table, _, key) = Columns<Ticket>();
        // pg_get_serial_sequence parses its first argument as a (quoted) name and takes the column name literally.
        return $"SELECT nextval(pg_get_serial_sequence('{table}', '{key.Trim('"')}')) FROM generate_series(1, {count});";
    }

    private void AppendInserts<T>(DbCommand command, StringBuilder sql, string prefix, IReadOnlyList<T> rows, bool withKey = false) where T : class
    {
        var (table, columns, _) = Columns<T>();
        if (withKey)
        {
            columns = [KeyColumn<T>(), .. columns];
        }

        var chunks = rows.Chunk(RowsPerStatement).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns.Select(c => c.Name)).Append(") VALUES ");
            for (var row = 0; row < chunks[c].Length; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                AppendValues(command, sql, columns, chunks[c][row], $"{prefix}{c}_{row}");
                sql.Append(')');
            }

            sql.Append(";\n");
        }
    }

    private static void AppendValues<T>(DbCommand command, StringBuilder sql, List<Column> columns, T entity, string row) where T : class
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var name = $"@{row}_{i}";
            sql.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.Add(columns[i].Parameter(command, name, entity));
        }
    }

    private DbCommand NewCommand()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>The table, the columns EF Core would insert (store-generated keys left out) and the key; once per model and type.</summary>
    private TableColumns Columns<T>() => Tables.GetOrCreateValue(db.Model).GetOrAdd(typeof(T), _ =>
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var columns = type.GetProperties()
            .Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey())
            .Select(p => new Column(p.GetGetter(), Quote(p.GetColumnName()), (RelationalTypeMapping)p.GetTypeMapping(), p.IsNullable))
            .ToList();
        return new TableColumns(Quote(type.GetTableName()!), columns, Quote(type.FindPrimaryKey()!.Properties[0].GetColumnName()));
    });

    private Column KeyColumn<T>()
    {
        var key = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties[0];
        return new Column(key.GetGetter(), Quote(key.GetColumnName()), (RelationalTypeMapping)key.GetTypeMapping(), Nullable: false);
    }

    private string Quote(string identifier) => _sql.DelimitIdentifier(identifier);

    private sealed record TableColumns(string Table, List<Column> Columns, string Key);

    private sealed record Column(IClrPropertyGetter Getter, string Name, RelationalTypeMapping Mapping, bool Nullable)
    {
        public DbParameter Parameter(DbCommand command, string name, object entity) =>
            Mapping.CreateParameter(command, name, Getter.GetClrValue(entity), Nullable);
    }
}
