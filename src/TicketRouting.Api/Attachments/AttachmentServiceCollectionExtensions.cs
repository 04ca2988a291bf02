using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Attachments;

public static class AttachmentServiceCollectionExtensions
{
    public static IServiceCollection AddTicketAttachments(this IServiceCollection services, DataPaths paths)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore>(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Directory;
            return new FileSystemAttachmentStore(
                string.IsNullOrWhiteSpace(configured) ? Path.Combine(paths.DataDirectory, "attachments") : configured);
        });
        services.AddScoped<TicketAttachments>();
        return services;
    }
}
