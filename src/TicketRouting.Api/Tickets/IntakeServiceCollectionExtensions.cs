namespace TicketRouting.Api.Tickets;

public static class IntakeServiceCollectionExtensions
{
    /// <summary>POST /api/ticket's group commit: the intake queue, its writer, and the request side.</summary>
    public static IServiceCollection AddTicketIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IntakeQueue>();
        services.AddSingleton<IntakeProfile>();
        services.AddHostedService<IntakeBatchWriter>();
        services.AddScoped<TicketIntake>();
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyCleanup>());
        return services;
    }
}
