using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using TicketRouting.Benchmarks.Listing;
using TicketRouting.Data;

namespace TicketRouting.Benchmarks.Intake;

/// <summary>
/// POST /api/ticket in process — the whole HTTP pipeline (authentication, validation, classification, the intake queue,
/// the group-commit writer, SQLite on a file, the JSON answer) without sockets, wrk or the kernel's network stack:
/// <c>dotnet run -c Release --project tests/TicketRouting.Benchmarks -- --filter '*IntakeBenchmarks*'</c>.
/// <see cref="One"/> is a lone ticket (a batch of one, a transaction of its own); <see cref="Burst16"/> sends 16 at once,
/// as wrk's 16 connections do, and reports the time per ticket. Compared with the load test's CPU per request
/// (tests/load/run.sh) it separates the service's own cost from the sockets'.
/// </summary>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class IntakeBenchmarks
{
    private const int Burst = 16;

    private static readonly string[] Subjects =
    [
        "Problème de facture", "Erreur de paiement", "Erreur technique", "Problème technique", "Demande de devis", "Retour produit",
        "Billing issue", "Payment failed", "Technical error", "Cannot log in", "Product inquiry", "Refund request",
    ];

    private static readonly string[] Descriptions =
    [
        "Ma facture du mois dernier est incorrecte, paiement prélevé deux fois.",
        "Le paiement par carte échoue avec une erreur 500 sur la page de facturation.",
        "Erreur technique: l'application plante au démarrage après la mise à jour.",
        "Problème technique avec le routeur, plus de connexion internet depuis hier.",
        "Je souhaite un devis pour 10 licences supplémentaires pour mon équipe.",
        "Je veux retourner le produit reçu, il ne correspond pas à la commande.",
        "I was charged twice on my bill this month, please refund the duplicate payment.",
        "My payment keeps failing with an error, the invoice still shows unpaid.",
        "The software crashes with a technical error whenever I open the settings page.",
        "I cannot log in to my account, password reset email never arrives.",
        "I would like more information about the premium plan before purchasing.",
        "I want a refund for the product, it stopped working after two days.",
    ];

    private static readonly string[] Priorities = ["low", "medium", "high"];

    private IntakeApp _app = null!;
    private int _n;

    /// <summary>The configured classifier: the ML.NET hybrid (default) or the keyword rules alone.</summary>
    [Params("hybrid", "rules")]
    public string Classifier { get; set; } = "hybrid";

    // Synchronous on purpose: the in-process toolchain of BenchmarkDotNet 0.14 does not await a Task-returning setup.
    [GlobalSetup]
    public void Setup() => _app = IntakeApp.StartAsync(Classifier).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task One() => PostAsync();

    [Benchmark(OperationsPerInvoke = Burst)]
    public Task Burst16() => Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => PostAsync()));

    /// <summary>The wrk script's tickets (../shared/bench/post_ticket.lua); fails on anything but 201.</summary>
    private async Task PostAsync()
    {
        var n = Interlocked.Increment(ref _n);
        using var response = await _app.Portal.PostAsJsonAsync("/api/ticket", new
        {
            subject = $"{Subjects[n % Subjects.Length]} #{n}",
            description = $"{Descriptions[n * 7 % Descriptions.Length]} (ref {n})",
            priority = Priorities[n % 3],
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/ticket answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The service on a fresh SQLite file with the seed data, every agent's capacity at 1000, a portal client.</summary>
    private sealed class IntakeApp(string classifier) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("ticketrouting-bench-intake-").FullName;

        public HttpClient Portal { get; private set; } = null!;

        public static async Task<IntakeApp> StartAsync(string classifier)
        {
            var app = new IntakeApp(classifier);
            var supervisor = await app.LoginAsync("supervisor", ListingApp.SupervisorPassword);
            var agents = await supervisor.GetFromJsonAsync<List<AgentId>>("/api/agent");
            foreach (var agent in agents!)
            {
                using var raised = await supervisor.PatchAsJsonAsync($"/api/agent/{agent.Id}", new { capacity = 1000 });
                raised.EnsureSuccessStatusCode();
            }

            app.Portal = await app.LoginAsync("portal", "portal-dev-only-2026");
            return app;
        }

        private async Task<HttpClient> LoginAsync(string username, string password)
        {
            var client = CreateClient();
            using var response = await client.PostAsJsonAsync("/api/token", new { username, password });
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenPair>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
            builder.UseSetting("ConnectionStrings:Tickets", $"Data Source={Path.Combine(_directory, "tickets.db")}");
            builder.UseSetting("DataDirectory", _directory);
            builder.UseSetting("SeedDirectory", ListingApp.SeedDirectory);
            builder.UseSetting("Jwt:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Auth:TokenRequestsPerMinute", "1000");
            builder.UseSetting("Routing:Classifier", classifier);
        }

        public override async ValueTask DisposeAsync()
        {
            Portal?.Dispose();
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: the OS temp folder cleans up
            }
        }

        private sealed record TokenPair(string AccessToken);

        private sealed record AgentId(int Id);
    }
}
