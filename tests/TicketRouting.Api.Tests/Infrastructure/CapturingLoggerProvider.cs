using Microsoft.Extensions.Logging;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>Every log line with its scopes and exception, as a console or collector would get them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly List<string> _lines = [];
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public List<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");
            provider._scopes.ForEachScope((scope, text) =>
            {
                text.Append(" | ");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    text.AppendJoin(", ", pairs.Select(p => $"{p.Key}:{p.Value}"));
                }
                else
                {
                    text.Append(scope);
                }
            }, line);
            lock (provider._lines)
            {
                provider._lines.Add(line.ToString());
            }
        }
    }
}
