using System.Data;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Data;

/// <summary>
/// No SQL Server can run on our build machines, so these tests check everything that can be checked without one:
/// the provider and every assembly it needs load and it is wired by AddTicketsDatabase, the idempotent migration script creates the whole model
/// and guards every statement, the model avoids what SQL Server refuses at CREATE time (multiple cascade paths,
/// (max) columns in keys), and queries translate to T-SQL.
/// </summary>
public sealed partial class SqlServerMigrationTests : IDisposable
{
    private readonly ProviderContext _context = ProviderContext.Create(DatabaseProvider.SqlServer);
    private TicketsDbContext Db => _context.Db;

    public void Dispose() => _context.Dispose();

    [Fact]
    public void AddTicketsDatabase_SqlServerProvider_ResolvesSqlServerContext()
    {
        Assert.IsType<SqlServerTicketsDbContext>(Db);
        Assert.Equal(DatabaseProvider.SqlServer, Db.Provider);
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", Db.Database.ProviderName);
    }

    [Fact]
    public async Task OpenConnection_NoServerListening_FailsInSqlClientNotWhileLoadingIt()
    {
        // Proves Microsoft.Data.SqlClient is in this output with a working implementation for this OS: a missing DLL
        // would throw FileNotFoundException, SqlClient's platform-neutral stub PlatformNotSupportedException; a real
        // client tries TCP and reports a SqlException.
        var connection = Db.Database.GetDbConnection();
        Assert.Equal("Microsoft.Data.SqlClient.SqlConnection", connection.GetType().FullName);

        var error = await Record.ExceptionAsync(() => connection.OpenAsync());

        Assert.NotNull(error);
        Assert.Equal("Microsoft.Data.SqlClient.SqlException", error.GetType().FullName);
    }

    [Fact]
    public void SqlClient_ReferencedAssemblies_AllLoad()
    {
        // Every assembly the provider and Microsoft.Data.SqlClient reference must be in this output. A missing one
        // (e.g. Microsoft.SqlServer.Server) still builds and still opens connections, but the methods that use it
        // (sending any parameter) fail at their first call against a real server.
        var provider = Db.GetService<IDatabaseProvider>().GetType().Assembly;
        var sqlClient = Db.Database.GetDbConnection().GetType().Assembly;

        var missing = new[] { provider, sqlClient }
            .SelectMany(a => a.GetReferencedAssemblies())
            .DistinctBy(n => n.FullName)
            .Where(n => !CanLoad(n))
            .Select(n => n.FullName)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void CreateParameter_TypeInferredFromValue_UsesSqlClientTypeMapping()
    {
        // Inferring a parameter's type from its value runs SqlClient's MetaType.GetMetaTypeFromValue, which needs
        // Microsoft.SqlServer.Server: the call fails with FileNotFoundException when that assembly is missing.
        using var command = Db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p";
        parameter.Value = 42;

        Assert.Equal(DbType.Int32, parameter.DbType);
    }

    [Fact]
    public void Idempotent_SqlServerMigrations_CreatesEveryTableOfTheModel()
    {
        var guarded = GuardedStatements(MigrationScripts.Idempotent(Db));

        var tables = Db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            Assert.Contains(guarded, s => s.Body.Contains($"CREATE TABLE [{table}] (", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Idempotent_SqlServerMigrations_CreatesEveryIndexOfTheModel()
    {
        var guarded = GuardedStatements(MigrationScripts.Idempotent(Db));

        var indexes = Db.Model.GetEntityTypes()
            .SelectMany(e => e.GetIndexes().Select(i => (Table: e.GetTableName(), Name: i.GetDatabaseName(), i.IsUnique)))
            .ToList();
        Assert.NotEmpty(indexes);
        foreach (var (table, name, unique) in indexes)
        {
            // A filtered index is written inside EXEC(N'...'), so match the statement wherever it sits.
            var create = $"CREATE {(unique ? "UNIQUE " : "")}INDEX [{name}] ON [{table}] (";
            Assert.Contains(guarded, s => s.Body.Contains(create, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Idempotent_SqlServerMigrations_UniqueIndexOnNullableAgentUserIgnoresNulls()
    {
        // Agents.UserId is nullable and unique: SQL Server counts NULLs as equal in a unique index, so without the
        // filter a second agent without a login could not be inserted.
        var script = MigrationScripts.Idempotent(Db);

        Assert.Contains("CREATE UNIQUE INDEX [IX_Agents_UserId] ON [Agents] ([UserId]) WHERE [UserId] IS NOT NULL", script,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Idempotent_SqlServerMigrations_GuardsEveryStatementByMigrationHistory()
    {
        var script = MigrationScripts.Idempotent(Db);
        var guarded = GuardedStatements(script);
        var migrations = Db.Database.GetMigrations().ToList();

        Assert.NotEmpty(migrations);
        Assert.All(guarded, s => Assert.Contains(s.MigrationId, migrations));
        foreach (var migration in migrations)
        {
            Assert.Contains(guarded, s => s.MigrationId == migration && s.Body.Contains(
                $"INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])\n    VALUES (N'{migration}'",
                StringComparison.Ordinal));
        }

        // Outside the guarded blocks only the history table's own guarded creation and transaction/batch lines remain.
        var rest = GuardRegex().Replace(script, "");
        rest = HistoryTableRegex().Replace(rest, "");
        var unguarded = rest.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && l is not ("BEGIN TRANSACTION;" or "COMMIT;" or "GO"))
            .ToList();
        Assert.Empty(unguarded);
    }

    [Fact]
    public void Model_SqlServer_HasNoCyclesOrMultipleCascadePaths()
    {
        // SQL Server refuses a foreign key whose ON DELETE action (CASCADE or SET NULL) would reach a table twice
        // from the same deleted row, or in a cycle (error 1785). A cascade delete goes on from the deleted child;
        // SET NULL only updates the child, and no foreign key here has an ON UPDATE action, so it stops there.
        var tables = RelationalModel().Tables.ToList();
        var problems = new List<string>();
        foreach (var root in tables)
        {
            var reached = new Dictionary<string, string>();
            var pending = new Stack<(ITable Table, string Path)>([(root, root.Name)]);
            while (pending.TryPop(out var current))
            {
                foreach (var fk in tables.SelectMany(t => t.ForeignKeyConstraints)
                             .Where(fk => fk.PrincipalTable == current.Table && fk.OnDeleteAction is not
                                 (ReferentialAction.NoAction or ReferentialAction.Restrict)))
                {
                    var path = $"{current.Path} -{fk.OnDeleteAction}-> {fk.Table.Name}";
                    if (fk.Table == root || !reached.TryAdd(fk.Table.Name, path))
                    {
                        problems.Add(fk.Table == root ? $"cycle: {path}" : $"{reached[fk.Table.Name]}  and  {path}");
                        continue;
                    }

                    if (fk.OnDeleteAction == ReferentialAction.Cascade)
                    {
                        pending.Push((fk.Table, path));
                    }
                }
            }
        }

        if (problems.Count > 0)
        {
            Assert.Fail("SQL Server would refuse these foreign keys (error 1785):\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void Model_SqlServer_KeysAndIndexesUseNoMaxColumns()
    {
        // SQL Server cannot use nvarchar(max)/varbinary(max) columns as key columns of an index or constraint.
        var keyColumns = RelationalModel().Tables.SelectMany(t =>
            t.Indexes.SelectMany(i => i.Columns).Concat(t.UniqueConstraints.SelectMany(u => u.Columns)));

        var unbounded = keyColumns.Where(c => c.StoreType.Contains("(max)", StringComparison.OrdinalIgnoreCase))
            .Select(c => $"{c.Table.Name}.{c.Name} {c.StoreType}").Distinct().ToList();

        Assert.Empty(unbounded);
    }

    [Fact]
    public void ToQueryString_SqlServerTicketQueue_TranslatesToTSqlWithSoftDeleteFilter()
    {
        var sql = Db.Tickets
            .Where(t => t.DepartmentId == 1 && t.AssigneeId == null && t.Status == TicketStatus.Open)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt)
            .Take(5)
            .ToQueryString();

        Assert.Contains("SELECT TOP(@", sql, StringComparison.Ordinal);
        Assert.Contains("FROM [Tickets] AS [t]", sql, StringComparison.Ordinal);
        Assert.Contains("[t].[DeletedAt] IS NULL", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY [t].[Priority] DESC, [t].[CreatedAt]", sql, StringComparison.Ordinal);
    }

    private static bool CanLoad(AssemblyName name)
    {
        try
        {
            Assembly.Load(name);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private IRelationalModel RelationalModel() => Db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    private static List<(string MigrationId, string Body)> GuardedStatements(string script) =>
        GuardRegex().Matches(script).Select(m => (m.Groups["id"].Value, m.Groups["body"].Value)).ToList();

    // The shape EF writes for each statement of a migration in an idempotent SQL Server script.
    [GeneratedRegex(@"IF NOT EXISTS \(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'(?<id>[^']+)'\s*\)\s*BEGIN\n(?<body>.*?)\nEND;", RegexOptions.Singleline)]
    private static partial Regex GuardRegex();

    [GeneratedRegex(@"IF OBJECT_ID\(N'\[__EFMigrationsHistory\]'\) IS NULL\s*BEGIN\s*CREATE TABLE \[__EFMigrationsHistory\] \(.*?\);\s*END;", RegexOptions.Singleline)]
    private static partial Regex HistoryTableRegex();
}
