using System.ComponentModel.DataAnnotations;

namespace TicketRouting.Api.Webhooks;

/// <summary>Webhook delivery settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Allow loopback, link-local and private targets (tests, or a receiver on the same network). Off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Off: this process writes the outbox but leaves the delivering to other processes.</summary>
    public bool DeliveryEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed delivery belongs to this process; longer than <see cref="RequestTimeout"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed deliveries are retried at least this long after the event, then dead-lettered.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lease <= RequestTimeout)
        {
            yield return new ValidationResult("Webhooks:Lease must be longer than Webhooks:RequestTimeout.", [nameof(Lease)]);
        }

        if (PollInterval <= TimeSpan.Zero || FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult(
                "Webhooks:PollInterval and FirstRetryDelay must be positive, MaxRetryDelay at least FirstRetryDelay.", [nameof(PollInterval)]);
        }
    }
}
