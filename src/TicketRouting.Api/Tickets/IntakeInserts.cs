using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The batch's inserts as plain SQL, in the caller's transaction: one command whose statements insert each ticket
/// (returning its id), then one command of multi-row INSERTs (one per table) for routing records, history and tags. EF Core's change
/// tracking and per-entity command building dominated the writer's profile; table names, column names and value
/// conversions (UTC ticks on SQLite, enums) still come from EF Core's model, so the SQL cannot drift from it.
/// SQLite and PostgreSQL (<c>RETURNING</c>); other providers keep SaveChanges.
/// </summary>
internal sealed class IntakeInserts(TicketsDbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    // Rows per multi-row INSERT: well below SQLite's and PostgreSQL's parameter limits.
    private const int RowsPerStatement = 500;

    public static bool Supports(TicketsDbContext db) => db.Provider is DatabaseProvider.Sqlite or DatabaseProvider.Postgres;

    public async Task InsertAsync(IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        await InsertTicketsAsync(tickets, ct);
        foreach (var ticket in tickets)
        {
            ticket.Routing!.TicketId = ticket.Id;
            ticket.Events.ForEach(e => e.TicketId = ticket.Id);
            ticket.Tags.ForEach(t => t.TicketId = ticket.Id);
        }

        // Routing records, history and tags: one command, so one round trip to a server.
        await using var command = NewCommand();
        var sql = new StringBuilder();
        AppendInserts(command, sql, "r", tickets.Select(t => t.Routing!).ToList());
        AppendInserts(command, sql, "e", tickets.SelectMany(t => t.Events).ToList());
        AppendInserts(command, sql, "t", tickets.SelectMany(t => t.Tags).ToList());
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task InsertTicketsAsync(IReadOnlyList<Ticket> tickets, CancellationToken ct)
    {
        var (table, columns) = Columns<Ticket>();
        var key = Quote(db.Model.FindEntityType(typeof(Ticket))!.FindPrimaryKey()!.Properties[0].GetColumnName());
        await using var command = NewCommand();
        var sql = new StringBuilder();
        for (var row = 0; row < tickets.Count; row++)
        {
            sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns.Select(c => c.Name)).Append(") VALUES (");
            AppendValues(command, sql, columns, tickets[row], $"k{row}");
            sql.Append(") RETURNING ").Append(key).Append(";\n");
        }

        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(ct);
        foreach (var ticket in tickets)
        {
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException("An inserted ticket returned no id.");
            }

            ticket.Id = Convert.ToInt32(reader.GetValue(0));
            await reader.NextResultAsync(ct);
        }
    }

    private void AppendInserts<T>(DbCommand command, StringBuilder sql, string prefix, List<T> rows) where T : class
    {
        var (table, columns) = Columns<T>();
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

    private static void AppendValues<T>(DbCommand command, StringBuilder sql, List<Column> columns, T entity, string row)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var name = $"@{row}_{i}";
            sql.Append(i == 0 ? "" : ", ").Append(name);
            var value = columns[i].Property.GetGetter().GetClrValue(entity!);
            command.Parameters.Add(columns[i].Mapping.CreateParameter(command, name, value, columns[i].Property.IsNullable));
        }
    }

    private DbCommand NewCommand()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>The table and the columns EF Core would insert (store-generated keys left out).</summary>
    private (string Table, List<Column> Columns) Columns<T>()
    {
        var type = db.Model.FindEntityType(typeof(T))!;
        var columns = type.GetProperties()
            .Where(p => p.ValueGenerated != ValueGenerated.OnAdd || !p.IsPrimaryKey())
            .Select(p => new Column(p, Quote(p.GetColumnName()), (RelationalTypeMapping)p.GetTypeMapping()))
            .ToList();
        return (Quote(type.GetTableName()!), columns);
    }

    private string Quote(string identifier) => _sql.DelimitIdentifier(identifier);

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);
}
