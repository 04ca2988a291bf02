using Microsoft.Extensions.Options;

namespace TicketRouting.Api.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddTicketRoutingWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        // The outbox does the long retries; the client only bounds one attempt, never follows redirects
        // (a redirect could point inside the network) and checks every address it connects to.
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(context, options.CurrentValue.AllowPrivateNetworks, ct),
                };
            });
        return services;
    }
}
