using System.Threading.Channels;

namespace TicketRouting.Api.Classifier;

/// <summary>Trainings recorded by this process, waiting for its <see cref="ModelTrainingWorker"/>.</summary>
public sealed class ModelTrainingQueue
{
    private readonly Channel<int> _ids = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(int modelId) => _ids.Writer.TryWrite(modelId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _ids.Reader.ReadAllAsync(ct);
}

/// <summary>Trains queued models off the request path, one at a time.</summary>
public sealed class ModelTrainingWorker(
    ModelTrainingQueue queue, IServiceScopeFactory scopes, ILogger<ModelTrainingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ModelTraining>().RunAsync(id, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Training model {Id} failed and could not be recorded", id);
            }
        }
    }
}
