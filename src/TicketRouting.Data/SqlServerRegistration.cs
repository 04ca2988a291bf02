using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Data;

internal static class SqlServerRegistration
{
    public static void Register(IServiceCollection services, string connectionString) =>
        throw new NotSupportedException("The SqlServer provider is not built yet.");
}
