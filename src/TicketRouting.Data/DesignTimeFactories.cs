using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TicketRouting.Data;

// Used by `dotnet ef migrations add` only; no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTicketsDbContext>
{
    public SqliteTicketsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTicketsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTicketsDbContext>
{
    public PostgresTicketsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTicketsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTicketsDbContext>
{
    public SqlServerTicketsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTicketsDbContext>()
            .UseSqlServer("Server=localhost;Database=design;Integrated Security=false;TrustServerCertificate=true").Options);
}
