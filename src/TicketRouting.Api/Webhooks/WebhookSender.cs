using System.Text;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Webhooks;

public sealed record WebhookSendOutcome(bool Success, int? StatusCode, string? Error);

/// <summary>Posts one signed delivery through the "webhooks" client of IHttpClientFactory.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<WebhookSendOutcome> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        if (secrets.Reveal(subscription.Secret) is not { } secret)
        {
            return new WebhookSendOutcome(false, null,
                "The subscription's secret cannot be decrypted with this process's key ring (share DataProtection:KeyDirectory between processes).");
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.PayloadJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.EventType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.PayloadJson));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookSendOutcome(true, code, null)
                : new WebhookSendOutcome(false, code, $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var message = ex is TaskCanceledException ? "The receiver did not answer in time." : ex.GetBaseException().Message;
            return new WebhookSendOutcome(false, null, message.Length > 1000 ? message[..1000] : message);
        }
    }
}
