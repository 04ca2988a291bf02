using System.CommandLine;
using System.CommandLine.Invocation;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Cli.Classifier;
using TicketRouting.Cli.Import;
using TicketRouting.Core.Domain;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Database;

/// <summary>
/// `tickets add` and `tickets update`: an operator's changes from the terminal, through the API's own services
/// (<see cref="TicketIntake"/> and <see cref="TicketChanges"/>, started by <see cref="ApiServices"/>), so a ticket the CLI
/// writes is routed, timed, announced and dispatched exactly as one written through HTTP.
/// A mistake (unknown ticket, illegal move, bad value) is one `error:` line and exit code 2, with nothing written.
/// </summary>
internal static class TicketWriteCommands
{
    public const string Actor = "cli";

    /// <summary>The operator at the terminal, recorded in history as "cli" (no user account).</summary>
    private static readonly CurrentUser Operator = CurrentUser.Operator(Actor);

    public static Command Add()
    {
        var title = new Option<string>("--title") { Description = "Subject (1-200 characters)", Required = true };
        var description = new Option<string>("--description") { Description = "Text of the ticket", Required = true };
        var priority = new Option<string?>("--priority") { Description = "low, medium (default), high, critical (or basse, moyenne, haute, critique)" };
        var email = new Option<string?>("--email") { Description = "Customer e-mail" };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Routing:MinConfidence (default: the API's setting, 0.55)" };
        var command = new Command("add", "Create a ticket: classified, routed to a department and assigned to its least-loaded agent.")
        {
            title, description, priority, email, minConfidence,
        };
        command.Action = new OneLineErrors((parse, ct) =>
        {
            var subject = parse.GetValue(title)!.Trim();
            var text = parse.GetValue(description)!.Trim();
            var level = TicketPriority.Medium;
            var address = parse.GetValue(email)?.Trim().ToLowerInvariant();
            var error = subject.Length is 0 or > CreateTicketRequest.MaxSubject ? "--title must be 1 to 200 characters"
                : text.Length is 0 or > CreateTicketRequest.MaxDescription ? "--description must be 1 to 20,000 characters"
                : parse.GetValue(priority) is { } word && !ImportRow.TryPriority(word, out level) ? $"unknown priority '{word}' (low, medium, high, critical)"
                : address is not null && (address.Length > 254 || !new EmailAddressAttribute().IsValid(address)) ? $"'{address}' is not an e-mail address"
                : null;
            var request = new CreateTicketRequest
            {
                Subject = subject,
                Description = text,
                Priority = PriorityNames.Name(level),
                Customer = address is null ? null : new CustomerInput { Email = address },
            };
            // The endpoint's own validation too (e.g. control characters), so that both paths accept the same tickets.
            var results = new List<ValidationResult>();
            if (error is null && !Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
            {
                error = results[0].ErrorMessage;
            }

            var settings = parse.GetValue(minConfidence) is { } threshold
                ? new Dictionary<string, string?> { ["Routing:MinConfidence"] = threshold.ToString(CultureInfo.InvariantCulture) }
                : [];
            return RunAsync(parse, settings, error, async services =>
            {
                var ticket = await services.GetRequiredService<TicketIntake>().CreateAsync(request, Operator, ct);
                Console.WriteLine($"{ticket.Key} {ticket.Department.Slug} {ticket.Assignee?.Name ?? "(queue)"}");
                return null;
            }, ct);
        });
        return command;
    }

    public static Command Update()
    {
        var key = new Argument<string>("key") { Description = "TSK-1042 or 42" };
        var status = new Option<string?>("--status") { Description = "open, in_progress, blocked, closed (or ouvert, en cours, bloqué, fermé)" };
        var priority = new Option<string?>("--priority") { Description = "low, medium, high, critical" };
        var command = new Command("update", "Change a ticket's status and/or priority (the API's status transitions apply).") { key, status, priority };
        command.Action = new OneLineErrors((parse, ct) =>
        {
            var target = TicketStatus.Open;
            var level = TicketPriority.Medium;
            var (statusWord, priorityWord) = (parse.GetValue(status), parse.GetValue(priority));
            var error = !Ticket.TryParseId(parse.GetValue(key)!, out var id) ? $"'{parse.GetValue(key)}' is not a ticket key (TSK-1042) or id"
                : statusWord is null && priorityWord is null ? "give --status and/or --priority"
                : statusWord is not null && !ImportRow.TryStatus(statusWord, out target) ? $"unknown status '{statusWord}' (open, in_progress, blocked, closed)"
                : priorityWord is not null && !ImportRow.TryPriority(priorityWord, out level) ? $"unknown priority '{priorityWord}' (low, medium, high, critical)"
                : null;
            var request = new UpdateTicketRequest
            {
                Status = statusWord is null ? null : StatusNames.Name(target),
                Priority = priorityWord is null ? null : PriorityNames.Name(level),
            };
            return RunAsync(parse, new Dictionary<string, string?>(), error, async services =>
            {
                var result = await services.GetRequiredService<TicketChanges>().UpdateAsync(id, request, Operator, ct);
                if (result.Result is ProblemHttpResult problem)
                {
                    return Describe(problem.ProblemDetails, Ticket.FormatKey(id), request.Status);
                }

                var ticket = ((Ok<TicketResponse>)result.Result).Value!;
                Console.WriteLine($"{ticket.Key} {StatusNames.Name(ticket.Status)} {PriorityNames.Name(ticket.Priority)}");
                return null;
            }, ct);
        });
        return command;
    }

    /// <summary>The API's answer to a refused change as the CLI's one line (the 409 carries the current status and the allowed moves).</summary>
    private static string Describe(ProblemDetails problem, string key, string? target) => problem.Status switch
    {
        StatusCodes.Status404NotFound => $"ticket {key} does not exist",
        StatusCodes.Status409Conflict when problem.Extensions.TryGetValue("currentStatus", out var current)
            && problem.Extensions.TryGetValue("allowedTargets", out var allowed) && allowed is IEnumerable<string> targets
            => $"{key} cannot go from {current} to {target}; allowed: {string.Join(", ", targets)}",
        _ => problem.Detail ?? problem.Title ?? $"refused ({problem.Status})",
    };

    /// <summary>
    /// Starts the API's services and runs the action; an error (the caller's validation, or one the action returns)
    /// is the one `error:` line (exit 2).
    /// </summary>
    private static async Task<int> RunAsync(
        ParseResult parse, IReadOnlyDictionary<string, string?> settings, string? error, Func<IServiceProvider, Task<string?>> action,
        CancellationToken ct)
    {
        try
        {
            if (error is null)
            {
                await using var api = await ApiServices.StartAsync(parse, settings, ct);
                await using var scope = api.Services.CreateAsyncScope();
                error = await action(scope.ServiceProvider);
            }

            if (error is null)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"error: {error}");
            return CommandErrors.UsageError;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or IOException
            or InvalidDataException or ConcurrencyExhaustedException or OptionsValidationException)
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

}
