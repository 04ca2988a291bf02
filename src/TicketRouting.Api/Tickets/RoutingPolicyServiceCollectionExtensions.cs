using Microsoft.Extensions.Options;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Api.Tickets;

public static class RoutingPolicyServiceCollectionExtensions
{
    public const string Section = "Routing";

    /// <summary>The Core routing policies with their settings from the <c>Routing</c> section (keys in the README), and the
    /// background routing maintenance that applies them to tickets already placed.</summary>
    public static IServiceCollection AddAgentRoutingPolicies(this IServiceCollection services)
    {
        services.AddOptions<RoutingPolicyOptions>().BindConfiguration(Section)
            .Validate(o => o.SkillTimeoutMinutes > 0, "Routing:SkillTimeoutMinutes must be above 0.")
            .Validate(o => o.StickyDays >= 0, "Routing:StickyDays must be 0 (off) or more.")
            .Validate(o => o.MaxRescuesPerTicket >= 0, "Routing:MaxRescuesPerTicket must be 0 or more.")
            .Validate(o => o.StallMinutes.Values.All(m => m > 0), "Routing:StallMinutes values must be above 0.")
            .Validate(o => o.MaintenanceSeconds is > 0 and <= 86_400, "Routing:MaintenanceSeconds must be above 0 and at most 86400 (a day).")
            .ValidateOnStart();
        services.AddSingleton(sp => new RoutingPolicy(
            sp.GetRequiredService<IOptions<RoutingPolicyOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TicketRouting.Api.Agents.AgentScheduleCache>();
        services.AddScoped<RoutingMaintenancePass>();
        services.AddScoped<QueueReoffer>();
        services.AddSingleton<RoutingMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<RoutingMaintenance>());
        return services;
    }
}
