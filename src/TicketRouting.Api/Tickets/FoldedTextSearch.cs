using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// Free-text search that ignores case and accents (q=ecran, ÉCRAN, Écran all find "écran noir"), the same way
/// on every provider, without a schema change: both sides are folded when compared. SQLite gets a folding
/// function registered on each connection (.NET and SQLite disagree on lower-casing non-ASCII letters);
/// PostgreSQL folds with lower() and translate(); SQL Server compares under an accent-insensitive collation.
/// It scans the subject and description of the filtered tickets, like the LIKE it replaces.
/// </summary>
public static class FoldedTextSearch
{
    public const string SqliteFunction = "tr_fold";

    // Accented lower-case letters of the languages we serve, and their folds, for PostgreSQL's translate().
    private static readonly (string From, string To) Translation = BuildTranslation("àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőùúûüūůűųýÿžźżšśřľĺťţşğ");

    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Ids of the tickets whose subject or description contains <paramref name="text"/>, folded.</summary>
    public static IQueryable<int> MatchingIds(TicketsDbContext db, string text)
    {
        var entity = db.Model.FindEntityType(typeof(Ticket))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";
        var from = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
        var (id, subject, description) = (Column(nameof(Ticket.Id)), Column(nameof(Ticket.Subject)), Column(nameof(Ticket.Description)));
        var folded = Fold(text);

        var sql = db.Provider switch
        {
            DatabaseProvider.Sqlite =>
                $"SELECT {id} AS \"Value\" FROM {from} WHERE instr({SqliteFunction}({subject}), {{0}}) > 0 OR instr({SqliteFunction}({description}), {{0}}) > 0",
            DatabaseProvider.Postgres =>
                $"SELECT {id} AS \"Value\" FROM {from} WHERE strpos({PostgresFold(subject)}, {{0}}) > 0 OR strpos({PostgresFold(description)}, {{0}}) > 0",
            _ =>
                $"SELECT {id} AS \"Value\" FROM {from} WHERE CHARINDEX({{0}}, {subject} COLLATE Latin1_General_100_CI_AI) > 0 "
                + $"OR CHARINDEX({{0}}, {description} COLLATE Latin1_General_100_CI_AI) > 0",
        };
        return db.Database.SqlQueryRaw<int>(sql, folded);
    }

    private static string PostgresFold(string column) => $"translate(lower({column}), '{Translation.From}', '{Translation.To}')";

    private static (string From, string To) BuildTranslation(string letters)
    {
        var pairs = letters.Select(c => (From: c, To: Fold(c.ToString()))).Where(p => p.To.Length == 1 && p.To[0] != p.From).ToList();
        return (new string(pairs.Select(p => p.From).ToArray()), new string(pairs.Select(p => p.To[0]).ToArray()));
    }

    /// <summary>Registers <c>tr_fold</c> on every SQLite connection the service opens.</summary>
    public sealed class SqliteFunctionRegistration : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private static void Register(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                sqlite.CreateFunction<string?, string?>(SqliteFunction, value => value is null ? null : Fold(value), isDeterministic: true);
            }
        }
    }
}
