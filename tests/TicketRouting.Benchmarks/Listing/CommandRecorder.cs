using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TicketRouting.Benchmarks.Listing;

/// <summary>Keeps the SQL and parameter values of the ticket queries EF Core sends while recording is on.</summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly List<RecordedCommand> _commands = [];
    private volatile bool _recording;

    public void Start()
    {
        lock (_commands)
        {
            _commands.Clear();
        }

        _recording = true;
    }

    public List<RecordedCommand> Stop()
    {
        _recording = false;
        lock (_commands)
        {
            return [.. _commands];
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (!_recording || !command.CommandText.Contains("FROM \"Tickets\"", StringComparison.Ordinal))
        {
            return;
        }

        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
        lock (_commands)
        {
            _commands.Add(new RecordedCommand(command.CommandText, parameters));
        }
    }
}

public sealed record RecordedCommand(string Sql, List<(string Name, object? Value)> Parameters);
