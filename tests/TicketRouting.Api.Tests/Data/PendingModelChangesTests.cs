using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Data;

/// <summary>
/// Every provider's migrations snapshot must match the model: a model change without a new migration
/// (./src/TicketRouting.Data/add-migration.sh NAME) fails here, for each provider, without any server.
/// </summary>
public sealed class PendingModelChangesTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void HasPendingModelChanges_ProviderMigrations_False(DatabaseProvider provider)
    {
        using var context = ProviderContext.Create(provider);

        Assert.Equal(provider, context.Db.Provider);
        Assert.NotEmpty(context.Db.Database.GetMigrations());
        Assert.False(context.Db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes that no migration covers: run add-migration.sh.");
    }
}
