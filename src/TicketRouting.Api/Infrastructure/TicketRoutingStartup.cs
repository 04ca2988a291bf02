using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Agents;
using TicketRouting.Api.Attachments;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Classifier;
using TicketRouting.Api.WebConsole;
using TicketRouting.Api.Customers;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Observability;
using TicketRouting.Api.Projects;
using TicketRouting.Api.Reports;
using TicketRouting.Api.Stats;
using TicketRouting.Api.Tickets;
using TicketRouting.Api.Users;
using TicketRouting.Api.Webhooks;
using TicketRouting.Api.Welcome;
using TicketRouting.Api.Workflow;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Seeding;

namespace TicketRouting.Api.Infrastructure;

public static class TicketRoutingStartup
{
    public static WebApplicationBuilder AddTicketRouting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddTicketRoutingHttpEdge();
        builder.AddTicketRoutingObservability();
        var paths = DataPaths.From(builder.Configuration, builder.Environment);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddTicketsDatabase(builder.Configuration, paths.DataDirectory);
        services.ConfigureDbContext<SqliteTicketsDbContext>(o => o.AddInterceptors(new FoldedTextSearch.SqliteFunctionRegistration()));
        services.AddTicketRoutingProblems();
        services.AddTicketRoutingForwardedHeaders(builder.Configuration);
        services.AddTicketRoutingAuth(builder.Configuration, builder.Environment, paths);
        services.AddTicketRoutingSwagger();
        services.AddHealthChecks()
            .AddDbContextCheck<TicketsDbContext>("database", tags: ["ready"])
            .AddCheck<DatabaseWriteCheck>("database-write", tags: ["ready"]);

        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section);
        services.AddAgentRoutingPolicies();
        services.AddSingleton<ClassifierRuntime>();
        services.AddSingleton<DepartmentDirectory>();
        services.AddScoped<TransactionRunner>();
        services.AddScoped<DepartmentWorkload>();
        services.AddTicketIntake();
        services.AddScoped<TicketReader>();
        services.AddScoped<TicketSearch>();
        services.AddScoped<TicketChanges>();
        services.AddScoped<TicketReassignment>();
        services.AddScoped<TicketComments>();
        services.AddScoped<AgentWorkloadQuery>();
        services.AddScoped<KeywordRulesStore>();
        services.AddSingleton<ModelTrainingQueue>();
        services.AddScoped<ModelRegistry>();
        services.AddScoped<ModelTraining>();
        services.AddScoped<ModelReplay>();
        services.AddHostedService<ModelTrainingWorker>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AgentAdministration>();
        services.AddScoped<DepartmentAdministration>();
        services.AddHostedService<ClassifierRefresh>();
        services.AddScoped<DatabaseSeeder>();
        services.AddTicketAttachments(paths);
        services.AddScoped<ProjectCatalog>();
        services.AddScoped<ReportBuilder>();
        services.AddTicketRoutingWebhooks();
        services.AddWebhookSecrets(builder.Configuration, paths);
        services.AddScoped<WorkflowRunner>();
        return builder;
    }

    public static WebApplication UseTicketRouting(this WebApplication app)
    {
        app.UseTicketRoutingForwardedHeaders(); // first: everything after (rate limiter, logs) sees the client's address
        app.UseTicketRoutingRequestTargetLimit();
        app.UseTicketRoutingMetricsEndpoint();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // every bodyless 4xx/5xx before or after an endpoint (404, 405, 415, 504) as problem+json
        app.UseCors();
        app.UseRequestTimeouts();
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "TicketRouting API");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapWelcome();
        app.MapAuth();
        app.MapTickets();
        app.MapAgents();
        app.MapDepartments();
        app.MapClassifier();
        app.MapClassifierModels();
        app.MapCustomers();
        app.MapStats();
        app.MapUsers();
        app.MapReview();
        app.MapAttachments();
        app.MapProjects();
        app.MapReports();
        app.MapConsole();
        app.MapWebhooks();
        app.MapWorkflowRules();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Migrates and seeds (in Development, or when configured), creates the first admin, loads the classifier.</summary>
    public static async Task InitializeTicketRoutingAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TicketsDbContext>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var development = app.Environment.IsDevelopment();
        if (options.ApplyMigrationsOnStartup ?? development)
        {
            await DatabaseMigrator.MigrateAsync(db, ct);
            var seeded = await services.GetRequiredService<DatabaseSeeder>()
                .SeedAsync(services.GetRequiredService<DataPaths>().SeedDirectory, includeDevelopmentUsers: development, ct);
            app.Logger.LogInformation("Seed: {Seeded}", seeded);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            throw new InvalidOperationException("The database is not migrated: run `ticketrouting migrate` (the CLI) first.");
        }

        if (!development)
        {
            await DevelopmentUsersGuard.EnsureNoneAsync(
                db, services.GetRequiredService<IPasswordHasher<User>>(), services.GetRequiredService<DataPaths>().SeedDirectory, ct);
        }

        await CreateBootstrapAdminAsync(services, db, ct);
        await LoadRoutingAsync(services, db, ct);
    }

    /// <summary>The departments and the active classifier, which intake needs (the API at start-up, the CLI before a write).</summary>
    public static async Task LoadRoutingAsync(IServiceProvider services, TicketsDbContext db, CancellationToken ct = default)
    {
        await services.GetRequiredService<DepartmentDirectory>().LoadAsync(db, ct);
        var routing = services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        if (services.GetRequiredService<DepartmentDirectory>().Find(routing.FallbackDepartment) is null)
        {
            throw new InvalidOperationException($"Routing:FallbackDepartment '{routing.FallbackDepartment}' is not a department: seed the database.");
        }

        await services.GetRequiredService<ClassifierRuntime>().LoadAsync(db, ct);
    }

    // Runs whenever no ACTIVE admin exists (an inactive one cannot log in): the configured account is created,
    // or, if that username exists, made an active admin again with the configured password and a new stamp.
    private static async Task CreateBootstrapAdminAsync(IServiceProvider services, TicketsDbContext db, CancellationToken ct)
    {
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (string.IsNullOrWhiteSpace(auth.BootstrapAdminUsername) || await db.Users.AnyAsync(u => u.Role == Roles.Admin && u.IsActive, ct))
        {
            return;
        }

        if (auth.BootstrapAdminPassword is not { Length: >= Users.UserRules.MinPasswordLength })
        {
            throw new InvalidOperationException(
                $"Auth:BootstrapAdminPassword must be set and at least {Users.UserRules.MinPasswordLength} characters.");
        }

        var normalized = User.Normalize(auth.BootstrapAdminUsername);
        var user = await db.Users.Include(u => u.Agent).SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, ct);
        if (user is null)
        {
            user = new User
            {
                Username = auth.BootstrapAdminUsername.Trim(),
                NormalizedUsername = normalized,
                DisplayName = "Administrator",
                Role = Roles.Admin,
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            db.Users.Add(user);
        }
        else if (user.Agent is not null)
        {
            user.Agent.UserId = null; // an admin is not an agent's login
        }

        user.Role = Roles.Admin;
        user.IsActive = true;
        user.FailedLoginCount = 0;
        user.LockoutEnd = null;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.PasswordHash = services.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, auth.BootstrapAdminPassword);
        await db.SaveChangesAsync(ct);
        LogBootstrap(services, user.Username);
    }

    private static void LogBootstrap(IServiceProvider services, string username) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TicketRoutingStartup))
            .LogWarning("No active admin: the bootstrap admin '{Username}' was created or reactivated from Auth:BootstrapAdmin*", username);
}
