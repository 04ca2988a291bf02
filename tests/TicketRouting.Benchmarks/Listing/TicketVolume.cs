using System.Diagnostics;
using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Seeding;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>
/// A migrated and seeded SQLite database holding a year of tickets (100,000 by default), built once per
/// migration set and day into the temp folder and copied for each run, so that every benchmark process
/// does not pay the bulk load again.
/// </summary>
public static class TicketVolume
{
    public const int TicketCount = 100_000;
    private const int CustomerCount = 8_000;
    private const int RandomSeed = 20_261_124;

    // Bump when the generator changes, so cached templates are rebuilt.
    private const int GeneratorVersion = 1;

    /// <summary>A private copy of the template: the caller owns the directory and deletes it.</summary>
    public static async Task<string> CopyAsync(string seedDirectory, TextWriter log)
    {
        var template = await TemplateAsync(seedDirectory, log);
        var directory = Directory.CreateTempSubdirectory("ticketrouting-bench-").FullName;
        var file = Path.Combine(directory, "tickets.db");
        File.Copy(template, file);
        return file;
    }

    private static async Task<string> TemplateAsync(string seedDirectory, TextWriter log)
    {
        var today = DateTimeOffset.UtcNow.Date;
        string lastMigration;
        await using (var probe = Context("Data Source=:memory:"))
        {
            lastMigration = probe.Database.GetMigrations().Last();
        }

        var directory = Path.Combine(Path.GetTempPath(), "ticketrouting-bench-templates");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"tickets-{TicketCount}-v{GeneratorVersion}-{lastMigration}-{today:yyyyMMdd}.db");
        if (File.Exists(file))
        {
            return file;
        }

        var watch = Stopwatch.StartNew();
        var building = file + ".building";
        File.Delete(building);
        await using (var db = Context($"Data Source={building};Pooling=False"))
        {
            await DatabaseMigrator.MigrateAsync(db);
            await new DatabaseSeeder(db, new PasswordHasher<User>(), TimeProvider.System)
                .SeedAsync(seedDirectory, includeDevelopmentUsers: true);
        }

        await using (var connection = new SqliteConnection($"Data Source={building};Pooling=False"))
        {
            await connection.OpenAsync();
            await InsertTicketsAsync(connection, new DateTimeOffset(today, TimeSpan.Zero));
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        File.Move(building, file, overwrite: true);
        log.WriteLine($"// Built {TicketCount:N0} tickets into {file} in {watch.Elapsed.TotalSeconds:F1} s");
        return file;
    }

    private static SqliteTicketsDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<SqliteTicketsDbContext>().UseSqlite(connectionString).Options);

    private static async Task InsertTicketsAsync(SqliteConnection connection, DateTimeOffset now)
    {
        var departments = await ReadPairsAsync(connection, "SELECT Id, Slug FROM Departments");
        var agents = (await ReadPairsAsync(connection, "SELECT Id, DepartmentId FROM Agents"))
            .GroupBy(a => int.Parse(a.Value)).ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToArray());
        var portalUserId = (await ReadPairsAsync(connection, "SELECT Id, Role FROM Users WHERE Role = 'portal'")).Select(u => u.Id).First();

        var faker = new Faker("en") { Random = new Randomizer(RandomSeed) };
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

        var customers = new Inserter(connection, transaction, "Customers", "Id", "Email", "Name", "CreatedAt");
        for (var id = 1; id <= CustomerCount; id++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            await customers.RunAsync(id, $"{first}.{last}.{id}@example.com".ToLowerInvariant(), $"{first} {last}",
                now.AddDays(-faker.Random.Double(0, 400)).UtcTicks);
        }

        var tickets = new Inserter(connection, transaction, "Tickets", "Id", "Subject", "Description", "Priority", "Status",
            "DepartmentId", "AssigneeId", "CustomerId", "CreatedByUserId", "CreatedAt", "UpdatedAt", "DueAt", "DeletedAt");
        var tags = new Inserter(connection, transaction, "TicketTags", "TicketId", "Tag");
        var routing = new Inserter(connection, transaction, "RoutingRecords", "TicketId", "Classifier", "ClassifierVersion",
            "PredictedDepartment", "Department", "Confidence", "NeedsReview", "ScoresJson", "EvidenceJson", "CandidatesJson",
            "TieBreak", "DecidedAt");

        // Ids follow creation time, as they do in service.
        var created = Enumerable.Range(0, TicketCount).Select(_ => now.AddSeconds(-faker.Random.Double(0, 365 * 86_400))).Order().ToArray();
        for (var i = 0; i < TicketCount; i++)
        {
            var ticket = TicketShape.Generate(faker, created[i], now, departments, agents);
            var id = i + 1;
            await tickets.RunAsync(id, ticket.Subject, ticket.Description, (int)ticket.Priority, (int)ticket.Status,
                ticket.DepartmentId, ticket.AssigneeId,
                faker.Random.Bool(0.9f) ? faker.Random.Int(1, CustomerCount) : null,
                portalUserId, ticket.CreatedAt.UtcTicks, ticket.UpdatedAt.UtcTicks, ticket.DueAt.UtcTicks,
                faker.Random.Bool(0.003f) ? ticket.UpdatedAt.UtcTicks : null);
            foreach (var tag in ticket.Tags)
            {
                await tags.RunAsync(id, tag);
            }

            var confidence = faker.Random.Double(0.3, 0.99);
            await routing.RunAsync(id, "hybrid", "bench-1", ticket.DepartmentSlug, ticket.DepartmentSlug, confidence,
                confidence < 0.45, "{}", "[]", "[]", "fewest-open", ticket.CreatedAt.UtcTicks);
        }

        await transaction.CommitAsync();
    }

    private static async Task<List<(int Id, string Value)>> ReadPairsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetInt32(0), reader.GetValue(1).ToString()!));
        }

        return pairs;
    }

    /// <summary>One prepared INSERT reused for every row: the fast path of Microsoft.Data.Sqlite.</summary>
    private sealed class Inserter
    {
        private readonly SqliteCommand _command;

        public Inserter(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < columns.Length; i++)
            {
                _command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }
        }

        public Task RunAsync(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return _command.ExecuteNonQueryAsync();
        }
    }
}
