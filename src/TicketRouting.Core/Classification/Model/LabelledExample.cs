namespace TicketRouting.Core.Classification.Model;

/// <summary>One ticket whose department is known: a CSV row, or a ticket a supervisor corrected.</summary>
/// <remarks><see cref="Weight"/> counts the row more (the service's own tickets) or less in training.</remarks>
public sealed record LabelledExample(string Subject, string Description, string Label, float Weight = 1f);
