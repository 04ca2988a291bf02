namespace TicketRouting.Api.Infrastructure;

/// <summary>Bounded retries of a conflicting transaction ran out; mapped to 503 with Retry-After.</summary>
public sealed class ConcurrencyExhaustedException(Exception inner)
    : Exception("Too many concurrent conflicts", inner);
