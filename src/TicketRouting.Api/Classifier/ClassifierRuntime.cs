using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// The classifier the service routes with: the keyword rules, and the active model of the registry (else the
/// model file of day one). Rebuilt when the rules, the departments or the active model change; requests read
/// the current instance lock-free. The model file is read once, ever; a registry model once per activation.
/// </summary>
public sealed class ClassifierRuntime
{
    private readonly RoutingOptions _options;
    private readonly ILogger<ClassifierRuntime> _logger;
    private readonly string? _configuredKind;
    private readonly Lazy<TextModel?> _fileModel;
    private volatile Routing? _current;
    private KeywordRuleSet? _rules;
    private RegistryModel? _active;

    private sealed record Routing(IClassifier Classifier, ConfidencePolicy Policy);

    public ClassifierRuntime(IOptions<RoutingOptions> options, DataPaths paths, ILogger<ClassifierRuntime> logger)
    {
        _options = options.Value;
        _logger = logger;
        _configuredKind = string.IsNullOrWhiteSpace(_options.Classifier) ? null : _options.Classifier.Trim().ToLowerInvariant();
        var modelPath = ClassifierSelection.ModelPath(_options, paths);
        _fileModel = new(() => _configuredKind == ClassifierKinds.Rules || (_configuredKind is null && !File.Exists(modelPath))
            ? null
            : ClassifierFactory.LoadModel(modelPath));
    }

    public ConfidencePolicy Policy => Current.Policy;

    public IClassifier Classifier => Current.Classifier;

    /// <summary>The rules revision in use (0: none), so that other processes' changes can be noticed.</summary>
    public int LoadedRevision { get; private set; }

    /// <summary>The registry model in use (0: none, the model file or the rules alone route).</summary>
    public int LoadedModelId => _active?.Id ?? 0;

    private Routing Current => _current ?? throw new InvalidOperationException("The classifier is not loaded yet.");

    public DepartmentDecision Decide(string subject, string description)
    {
        var routing = Current;
        return routing.Policy.Decide(routing.Classifier.Classify(subject, description));
    }

    public async Task LoadAsync(TicketsDbContext db, CancellationToken ct)
    {
        var rules = await db.KeywordRules.AsNoTracking()
            .Select(r => new KeywordRule(r.Department.Slug, r.Term, r.Weight))
            .ToListAsync(ct);
        var departments = await db.Departments.Select(d => d.Slug).ToListAsync(ct);
        var revision = await db.RuleSetRevisions.OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Version }).FirstOrDefaultAsync(ct);
        var activeId = await ModelRegistry.ActiveIdAsync(db, ct);
        var active = _active;
        if (activeId != (active?.Id ?? 0))
        {
            active = activeId == 0 ? null : await RegistryModel.LoadAsync(db, activeId, ct);
        }

        Use(new KeywordRuleSet(rules, departments, revision?.Version ?? "empty"), active);
        LoadedRevision = revision?.Id ?? 0;
    }

    /// <summary>The classifier and policy the service would route with if <paramref name="model"/> were active.</summary>
    public (IClassifier Classifier, ConfidencePolicy Policy) WithModel(TextModel model, IReadOnlyDictionary<string, double> thresholds)
    {
        var rules = _rules ?? throw new InvalidOperationException("The classifier is not loaded yet.");
        var kind = _configuredKind is ClassifierKinds.Model ? ClassifierKinds.Model : ClassifierKinds.Hybrid;
        return (ClassifierFactory.Create(kind, rules, model, _options.FallbackDepartment), PolicyFor(rules, thresholds));
    }

    /// <summary>The classifier and policy routing right now.</summary>
    public (IClassifier Classifier, ConfidencePolicy Policy) Active() => (Current.Classifier, Current.Policy);

    private void Use(KeywordRuleSet rules, RegistryModel? active)
    {
        // An explicit Routing:Classifier=rules keeps the rules alone, whatever the registry holds.
        var model = _configuredKind == ClassifierKinds.Rules ? null : active?.Model ?? _fileModel.Value;
        var kind = _configuredKind ?? (model is null ? ClassifierKinds.Rules : ClassifierKinds.Hybrid);
        var classifier = ClassifierFactory.Create(kind, rules, model, _options.FallbackDepartment);
        var thresholds = model is not null && active is not null && ReferenceEquals(model, active.Model) ? active.Thresholds : null;
        _rules = rules;
        _active = active;
        _current = new Routing(classifier, PolicyFor(rules, thresholds));
        _logger.LogInformation("Routing with the {Classifier} classifier, version {Version}", classifier.Name, classifier.Version);
    }

    private ConfidencePolicy PolicyFor(KeywordRuleSet rules, IReadOnlyDictionary<string, double>? thresholds) =>
        new(_options.MinConfidence, _options.FallbackDepartment, thresholds, rules.Departments.ToList());
}
