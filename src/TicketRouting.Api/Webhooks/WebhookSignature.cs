using System.Security.Cryptography;
using System.Text;

namespace TicketRouting.Api.Webhooks;

/// <summary>
/// The signature a receiver checks: hex HMAC-SHA256, keyed with the subscription's secret, of
/// "{timestamp}.{body}" where timestamp is the X-TicketRouting-Timestamp header (Unix seconds). Signing the
/// timestamp lets the receiver refuse old or replayed requests.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-TicketRouting-Signature";
    public const string TimestampHeader = "X-TicketRouting-Timestamp";
    public const string EventIdHeader = "X-TicketRouting-Event-Id";
    public const string EventTypeHeader = "X-TicketRouting-Event";

    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
