using System.CommandLine;
using System.CommandLine.Invocation;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Cli.Classifier;
using TicketRouting.Cli.Import;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Database;

/// <summary>
/// `tickets add` and `tickets update`: an operator's changes from the terminal. A ticket is classified by the active
/// classifier and given to the least-loaded eligible agent of its department (<see cref="LeastLoadedBalancer"/>,
/// under the department's row lock as every claim takes it); status changes follow the API's transitions.
/// A mistake (unknown ticket, illegal move, bad value) is one `error:` line and exit code 2, with nothing written.
/// </summary>
internal static class TicketWriteCommands
{
    public const string Actor = "cli";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Add()
    {
        var title = new Option<string>("--title") { Description = "Subject (1-200 characters)", Required = true };
        var description = new Option<string>("--description") { Description = "Text of the ticket", Required = true };
        var priority = new Option<string?>("--priority") { Description = "low, medium (default), high, critical (or basse, moyenne, haute, critique)" };
        var email = new Option<string?>("--email") { Description = "Customer e-mail" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Routing:MinConfidence", DefaultValueFactory = _ => 0.55 };
        var command = new Command("add", "Create a ticket: classified, routed to a department and assigned to its least-loaded agent.")
        {
            title, description, priority, email, minConfidence,
        };
        command.Action = new OneLineErrors((parse, ct) => RunAsync(parse, async db =>
        {
            var subject = parse.GetValue(title)!.Trim();
            var text = parse.GetValue(description)!.Trim();
            var level = TicketPriority.Medium;
            var address = parse.GetValue(email)?.Trim().ToLowerInvariant();
            var error = subject.Length is 0 or > 200 ? "--title must be 1 to 200 characters"
                : text.Length is 0 or > 20_000 ? "--description must be 1 to 20,000 characters"
                : parse.GetValue(priority) is { } word && !ImportRow.TryPriority(word, out level) ? $"unknown priority '{word}' (low, medium, high, critical)"
                : address is not null && (address.Length > 254 || !new EmailAddressAttribute().IsValid(address)) ? $"'{address}' is not an e-mail address"
                : null;
            if (error is not null)
            {
                return error;
            }

            var (classifier, policy) = await ReplayCommand.LoadActiveAsync(db, parse.GetValue(minConfidence), ct);
            var decision = policy.Decide(classifier.Classify(subject, text));
            var ticket = await NewTicketRouter(db).AddAsync(subject, text, level, address, decision, ct);
            Console.WriteLine($"{Ticket.FormatKey(ticket.Id)} {ticket.Department} {ticket.Agent ?? "(queue)"}");
            return null;
        }, ct));
        return command;
    }

    public static Command Update()
    {
        var key = new Argument<string>("key") { Description = "TSK-1042 or 42" };
        var status = new Option<string?>("--status") { Description = "open, in_progress, blocked, closed (or ouvert, en cours, bloqué, fermé)" };
        var priority = new Option<string?>("--priority") { Description = "low, medium, high, critical" };
        var command = new Command("update", "Change a ticket's status and/or priority (the API's status transitions apply).") { key, status, priority };
        command.Action = new OneLineErrors((parse, ct) => RunAsync(parse, async db =>
        {
            var target = TicketStatus.Open;
            var level = TicketPriority.Medium;
            var (statusWord, priorityWord) = (parse.GetValue(status), parse.GetValue(priority));
            var error = !Ticket.TryParseId(parse.GetValue(key)!, out var id) ? $"'{parse.GetValue(key)}' is not a ticket key (TSK-1042) or id"
                : statusWord is null && priorityWord is null ? "give --status and/or --priority"
                : statusWord is not null && !ImportRow.TryStatus(statusWord, out target) ? $"unknown status '{statusWord}' (open, in_progress, blocked, closed)"
                : priorityWord is not null && !ImportRow.TryPriority(priorityWord, out level) ? $"unknown priority '{priorityWord}' (low, medium, high, critical)"
                : null;
            if (error is not null)
            {
                return error;
            }

            var (outcome, line) = await NewTicketRouter(db).UpdateAsync(
                id, statusWord is null ? null : target, priorityWord is null ? null : level, ct);
            if (outcome is not null)
            {
                return outcome;
            }

            Console.WriteLine(line);
            return null;
        }, ct));
        return command;
    }

    private static CliTicketWriter NewTicketRouter(TicketsDbContext db) => new(db, TimeProvider.System);

    /// <summary>Opens the database, runs the action; an error message it returns is the one `error:` line (exit 2).</summary>
    private static async Task<int> RunAsync(ParseResult parse, Func<TicketsDbContext, Task<string?>> action, CancellationToken ct)
    {
        try
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var error = await action(scope.ServiceProvider.GetRequiredService<TicketsDbContext>());
            if (error is null)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"error: {error}");
            return CommandErrors.UsageError;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.GetBaseException().Message.Split('\n')[0]}");
            return CommandErrors.UsageError;
        }
    }

    /// <summary>Parse errors (a missing --title, an unknown option) are one `error:` line and exit 2 too, not the help page.</summary>
    private sealed class OneLineErrors(Func<ParseResult, CancellationToken, Task<int>> action) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            if (parseResult.Errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"error: {parseResult.Errors[0].Message}");
                return CommandErrors.UsageError;
            }

            return await action(parseResult, cancellationToken);
        }
    }

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);
}
