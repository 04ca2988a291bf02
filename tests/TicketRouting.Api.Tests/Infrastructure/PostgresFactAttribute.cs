namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>A test that needs a real PostgreSQL server; reported as skipped (with the reason) when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"PostgreSQL not configured: set {TestDatabase.PostgresVariable} to run this test.";
        }
    }
}
