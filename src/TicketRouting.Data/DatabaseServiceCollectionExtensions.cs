using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Tickets";

    /// <summary>Registers <see cref="TicketsDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddTicketsDatabase(
        this IServiceCollection services, IConfiguration configuration, string defaultDataDirectory)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {options.Provider}: set ConnectionStrings:{ConnectionStringName}.");
            }

            connectionString = DefaultSqliteConnectionString(options.DataDirectory ?? defaultDataDirectory);
        }

        services.AddSingleton(options);
        // The options are built once (optionsLifetime Singleton), not for every scope: building them (provider,
        // warnings configuration, interceptors) cost more CPU per POST /api/ticket than validating its JWT, since
        // every request's token check and every intake batch opens a context. The contexts stay scoped.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<TicketsDbContext, SqliteTicketsDbContext>(o => o
                    .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(Math.Max(1, options.WaitSeconds)))
                    .AddInterceptors(new SqliteSynchronousSetting(options.SqliteSynchronous)),
                    ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<TicketsDbContext, PostgresTicketsDbContext>(
                    o => o.UseNpgsql(connectionString), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
            default:
                SqlServerRegistration.Register(services, connectionString);
                break;
        }

        return services;
    }

    public static string DefaultSqliteConnectionString(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return $"Data Source={Path.Combine(dataDirectory, "tickets.db")}";
    }
}
