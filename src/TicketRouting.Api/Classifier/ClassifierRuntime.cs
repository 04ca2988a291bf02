using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// The classifier the service routes with. Built at start-up (the model file is read once, ever) and
/// rebuilt only when an admin replaces the keyword rules; requests read the current instance lock-free.
/// </summary>
public sealed class ClassifierRuntime
{
    private readonly RoutingOptions _options;
    private readonly ILogger<ClassifierRuntime> _logger;
    private readonly string _kind;

    // Read once, on first use; a rules change rebuilds the classifier around the same model.
    private readonly Lazy<TextModel?> _model;
    private volatile IClassifier? _classifier;

    public ClassifierRuntime(IOptions<RoutingOptions> options, DataPaths paths, ILogger<ClassifierRuntime> logger)
    {
        _options = options.Value;
        _logger = logger;
        var modelPath = ClassifierSelection.ModelPath(_options, paths);
        _kind = ClassifierFactory.ResolveKind(_options.Classifier, modelPath);
        _model = new(() => _kind == ClassifierKinds.Rules ? null : ClassifierFactory.LoadModel(modelPath));
        Policy = new ConfidencePolicy(_options.MinConfidence, _options.FallbackDepartment);
    }

    public ConfidencePolicy Policy { get; }

    public IClassifier Classifier => _classifier ?? throw new InvalidOperationException("The classifier is not loaded yet.");

    public DepartmentDecision Decide(string subject, string description) =>
        Policy.Decide(Classifier.Classify(subject, description));

    public async Task LoadAsync(TicketsDbContext db, CancellationToken ct)
    {
        var rules = await db.KeywordRules.AsNoTracking()
            .Select(r => new KeywordRule(r.Department.Slug, r.Term, r.Weight))
            .ToListAsync(ct);
        var departments = await db.Departments.Select(d => d.Slug).ToListAsync(ct);
        var revision = await db.RuleSetRevisions.OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Version }).FirstOrDefaultAsync(ct);
        Use(new KeywordRuleSet(rules, departments, revision?.Version ?? "empty"));
        LoadedRevision = revision?.Id ?? 0;
    }

    /// <summary>The rules revision in use (0: none), so that other processes' changes can be noticed.</summary>
    public int LoadedRevision { get; private set; }

    public void Use(KeywordRuleSet rules)
    {
        var classifier = ClassifierFactory.Create(_kind, rules, _model.Value, _options.FallbackDepartment);
        _classifier = classifier;
        _logger.LogInformation("Routing with the {Classifier} classifier, version {Version}", classifier.Name, classifier.Version);
    }
}
