using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// The built API (TicketRouting.Api.dll) as a separate process, Kestrel on a free 127.0.0.1 port, on the given
/// database: for what only a real process shows (two processes on one database, kill -9).
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address };
    }

    public Uri Address => _http.BaseAddress!;

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    public static ApiProcess Start(TestDatabase database, string signingKey, params (string Name, string Value)[] settings)
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
        info.Environment["Database__Provider"] = database.Provider.ToString();
        info.Environment["ConnectionStrings__Tickets"] = database.ConnectionString;
        info.Environment["Jwt__SigningKey"] = signingKey;
        info.Environment["DataDirectory"] = Directory.CreateTempSubdirectory("ticketrouting-proc-").FullName;
        info.Environment["Auth__TokenRequestsPerMinute"] = "1000";
        info.Environment["Database__WaitSeconds"] = "120"; // burst tests, not load-shedding ones
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var started = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public async Task WaitReadyAsync()
    {
        // Generous: a cold start (JIT, migrations, the text model) on a 2-core machine shared by several builds.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the API process exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
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

        Assert.Fail($"the API process did not become ready within 120 s:\n{Output}");
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

    /// <summary>Every log line at error or critical level ("fail:", "crit:") the process wrote.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>SIGTERM, as a service manager or container runtime stops the service: the host shuts down gracefully.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code, once the process has exited within <paramref name="limit"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGKILL: no shutdown, no flush, open transactions die with the process.</summary>
    public void KillNow()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            _errors.Enqueue(line);
        }

        while (_output.Count > 60)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
