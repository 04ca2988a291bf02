using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Two real API processes (Kestrel on two loopback ports) sharing one PostgreSQL database: the department
/// lock lives in the database, so least-loaded holds across processes, not only across threads.
/// </summary>
public sealed class TwoInstancesTests
{
    [PostgresFact]
    public async Task Submit_200ConcurrentAcrossTwoProcesses_GivesEachOfFiveAgentsExactly40()
    {
        await using var database = await TestDatabase.CreatePostgresAsync(TestDatabase.PostgresConnectionString!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        using var first = ApiProcess.Start(database.ConnectionString, key);
        using var second = ApiProcess.Start(database.ConnectionString, key);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        var supervisor = await first.ClientForAsync(DevUsers.Supervisor);
        for (var id = 1; id <= 5; id++)
        {
            await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = 40 })).ExpectAsync(HttpStatusCode.OK);
        }

        var portals = new[] { await first.ClientForAsync(DevUsers.Portal), await second.ClientForAsync(DevUsers.Portal) };
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (await portals[i % 2].PostAsJsonAsync("/api/ticket", new { subject = $"Facture {i}", description = "prélevé deux fois" })).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var agents = await (await second.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.All(agents, a => Assert.Equal(40, a.OpenTickets));
    }

    [PostgresFact]
    public async Task Submit_BurstFromTwoProcessesIntoOneDepartment_KeepsSpreadAtMostOneAndOneRowPerCustomer()
    {
        await using var database = await TestDatabase.CreatePostgresAsync(TestDatabase.PostgresConnectionString!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        // Returning customers off: the burst repeats five customers, and the spread checked here is the least-loaded rule's.
        using var first = ApiProcess.Start(database.ConnectionString, key, ("Intake__MaxBatchSize", "16"), ("Routing__StickyDays", "0"));
        using var second = ApiProcess.Start(database.ConnectionString, key, ("Intake__MaxBatchSize", "16"), ("Routing__StickyDays", "0"));
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        var supervisor = await first.ClientForAsync(DevUsers.Supervisor);
        for (var id = 1; id <= 5; id++)
        {
            await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = 1000 })).ExpectAsync(HttpStatusCode.OK);
        }

        // Both processes batch at once into billing; the same new customers arrive through both.
        var portals = new[] { await first.ClientForAsync(DevUsers.Portal), await second.ClientForAsync(DevUsers.Portal) };
        var responses = await Task.WhenAll(Enumerable.Range(0, 303).Select(i =>
            portals[i % 2].PostAsJsonAsync("/api/ticket", new
            {
                subject = $"Facture {i}",
                description = "prélevé deux fois",
                customer = new { email = $"burst{i % 5}@example.com" },
            })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var agents = await (await second.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(303, agents.Sum(a => a.OpenTickets));
        Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1, string.Join(", ", agents.Select(a => a.OpenTickets)));
        var tickets = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json)));
        // One customer per address, although both processes brought each new address at the same time.
        Assert.Equal(5, tickets.Select(t => t!.Customer!.Id).Distinct().Count());
    }

    private sealed class ApiProcess : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private ApiProcess(Process process, Uri address)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = address };
        }

        public static ApiProcess Start(string connectionString, string signingKey, params (string Name, string Value)[] settings)
        {
            var port = FreePort();
            var api = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory.Replace(
                Path.Combine("tests", "TicketRouting.Api.Tests"), Path.Combine("src", "TicketRouting.Api")), "TicketRouting.Api.dll"));
            var info = new ProcessStartInfo("dotnet", [api])
            {
                WorkingDirectory = Path.GetDirectoryName(api)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            info.Environment["Database__Provider"] = "Postgres";
            info.Environment["ConnectionStrings__Tickets"] = connectionString;
            info.Environment["Jwt__SigningKey"] = signingKey;
            info.Environment["DataDirectory"] = Directory.CreateTempSubdirectory("ticketrouting-proc-").FullName;
            info.Environment["Auth__TokenRequestsPerMinute"] = "1000";
            info.Environment["Database__WaitSeconds"] = "120"; // a burst test, not a load-shedding one
            foreach (var (name, value) in settings)
            {
                info.Environment[name] = value;
            }

            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        }

        public async Task WaitReadyAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(_process.HasExited, $"the API process exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
                try
                {
                    if ((await _http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(200);
            }

            Assert.Fail("the API process did not become ready within 60 s");
        }

        public async Task<HttpClient> ClientForAsync((string Username, string Password) user)
        {
            var client = new HttpClient { BaseAddress = _http.BaseAddress };
            var response = await client.PostAsJsonAsync("/api/token", new { username = user.Username, password = user.Password });
            await response.ExpectAsync(HttpStatusCode.OK);
            var tokens = (await response.Content.ReadFromJsonAsync<TokenPair>())!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            return client;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
            _http.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
