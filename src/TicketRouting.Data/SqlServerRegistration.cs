using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Data;

// The one place that touches the SQL Server provider at registration (a plain package reference, see TicketRouting.Data.csproj).
internal static class SqlServerRegistration
{
    public static void Register(IServiceCollection services, string connectionString) =>
        services.AddDbContext<TicketsDbContext, SqlServerTicketsDbContext>(o => o.UseSqlServer(connectionString));
}
