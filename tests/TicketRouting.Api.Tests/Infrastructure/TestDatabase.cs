using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Seeding;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated and seeded database per test. SQLite by default (a file copied from a template built
/// once per run); PostgreSQL when TICKETROUTING_TEST_POSTGRES holds a connection string (a database created
/// from a template database per test).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "TICKETROUTING_TEST_POSTGRES";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _sqliteTemplate;
    private static readonly Dictionary<string, string> PostgresTemplates = []; // per server (CI's and the fault tests' own)

    private readonly Func<ValueTask> _drop;

    private TestDatabase(DatabaseProvider provider, string connectionString, Func<ValueTask> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "seed");

    /// <summary>PostgreSQL when the variable is set, else SQLite.</summary>
    public static Task<TestDatabase> CreateAsync() =>
        PostgresConnectionString is { } pg ? CreatePostgresAsync(pg) : CreateSqliteAsync();

    public static async Task<TestDatabase> CreateSqliteAsync()
    {
        var template = await TemplateAsync(() => _sqliteTemplate, v => _sqliteTemplate = v, BuildSqliteTemplateAsync);
        var directory = Directory.CreateTempSubdirectory("ticketrouting-test-").FullName;
        var file = Path.Combine(directory, "tickets.db");
        File.Copy(template, file);
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a pooled connection on another thread: the OS temp folder cleans it later.
            }

            return ValueTask.CompletedTask;
        });
    }

    public static async Task<TestDatabase> CreatePostgresAsync(string serverConnectionString)
    {
        var template = await TemplateAsync(() => PostgresTemplates.GetValueOrDefault(serverConnectionString),
            v => PostgresTemplates[serverConnectionString] = v, () => BuildPostgresTemplateAsync(serverConnectionString));
        var name = $"tr_test_{Guid.NewGuid():N}";
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE {name} TEMPLATE {template}");
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    public ValueTask DisposeAsync() => _drop();

    private static async Task<string> TemplateAsync(Func<string?> get, Action<string> set, Func<Task<string>> build)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (get() is { } existing)
            {
                return existing;
            }

            var created = await build();
            set(created);
            return created;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task<string> BuildSqliteTemplateAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-template-").FullName, "template.db");
        var options = new DbContextOptionsBuilder<SqliteTicketsDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        await using var db = new SqliteTicketsDbContext(options);
        await SeedAsync(db);
        return file;
    }

    private static async Task<string> BuildPostgresTemplateAsync(string server)
    {
        var name = $"tr_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        var options = new DbContextOptionsBuilder<PostgresTicketsDbContext>().UseNpgsql(builder.ConnectionString).Options;
        await using (var db = new PostgresTicketsDbContext(options))
        {
            await SeedAsync(db);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    }

    private static async Task SeedAsync(TicketsDbContext db)
    {
        await DatabaseMigrator.MigrateAsync(db);
        await new DatabaseSeeder(db, new PasswordHasher<User>(), TimeProvider.System)
            .SeedAsync(SeedDirectory, includeDevelopmentUsers: true);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
