namespace TicketRouting.Core.Classification.Model;

/// <summary>One ticket whose department is known: a CSV row, or a ticket a supervisor corrected.</summary>
public sealed record LabelledExample(string Subject, string Description, string Label);
