using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Data;

// Kept apart from DatabaseServiceCollectionExtensions: the SQL Server provider is referenced by path, not as a
// package (see TicketRouting.Data.csproj), and this is the one place that touches it at registration.
internal static class SqlServerRegistration
{
    public static void Register(IServiceCollection services, string connectionString) =>
        services.AddDbContext<TicketsDbContext, SqlServerTicketsDbContext>(o => o.UseSqlServer(connectionString));
}
