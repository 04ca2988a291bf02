using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TicketRouting.Data;

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
