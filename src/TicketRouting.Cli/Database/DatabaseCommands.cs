using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Cli.Classifier;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Seeding;

namespace TicketRouting.Cli.Database;

internal static class DatabaseCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Migrate();
        yield return Seed();
        yield return Script();
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply the database migrations of the configured provider.");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await DatabaseMigrator.MigrateAsync(db, ct);
            Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });
        return command;
    }

    private static Command Seed()
    {
        var directory = new Option<string>("--seed-dir") { Description = "Folder with the seed JSON files", DefaultValueFactory = _ => "seed" };
        var devUsers = new Option<bool>("--dev-users") { Description = "Also create the development users of seed/users.json (never in production)" };
        var command = new Command("seed", "Load departments, agents and keyword rules from seed/ (idempotent).") { directory, devUsers };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            var seeder = new DatabaseSeeder(db, new PasswordHasher<User>(), TimeProvider.System);
            var result = await seeder.SeedAsync(RepositoryPaths.Resolve(parse.GetValue(directory)!), parse.GetValue(devUsers), ct);
            Console.WriteLine($"Added {result.Departments} departments, {result.Agents} agents, {result.Rules} rules, {result.Users} users.");
            return 0;
        });
        return command;
    }

    private static Command Script()
    {
        var command = new Command("migration-script", "Print the idempotent SQL migration script of the configured provider.");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            Console.WriteLine(MigrationScripts.Idempotent(scope.ServiceProvider.GetRequiredService<TicketsDbContext>()));
            await Task.CompletedTask;
            return 0;
        });
        return command;
    }
}
