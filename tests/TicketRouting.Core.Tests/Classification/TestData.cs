using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

/// <summary>Small in-memory tickets and the shipped files, shared by the classification tests.</summary>
internal static class TestData
{
    public static readonly LabelledExample[] Tickets =
    [
        new("Facture fausse", "ma facture est fausse, j'ai été prélevé deux fois", Departments.Billing),
        new("Invoice wrong", "I was charged twice on my invoice this month", Departments.Billing),
        new("Paiement refusé", "mon paiement par carte bancaire est refusé", Departments.Billing),
        new("Payment failed", "my credit card payment failed at checkout", Departments.Billing),
        new("L'appli plante", "l'application plante avec un message d'erreur", Departments.Technical),
        new("App crashes", "the app crashes with an error on startup", Departments.Technical),
        new("Bug", "bug: the page shows an error 500 after the update", Departments.Technical),
        new("Erreur", "erreur au chargement de la page depuis la mise à jour", Departments.Technical),
        new("Colis non reçu", "ma commande n'est pas livrée, le colis est en retard", Departments.Orders),
        new("Where is my order", "my order has not been delivered, the parcel is late", Departments.Orders),
        new("Suivi", "le numéro de suivi de ma commande ne marche pas", Departments.Orders),
        new("Tracking", "the tracking number of my order does not work", Departments.Orders),
        new("Remboursement", "je veux retourner l'article et être remboursé", Departments.Returns),
        new("Refund", "I want to return the item and get a refund", Departments.Returns),
        new("Produit cassé", "le produit est arrivé cassé, je le renvoie", Departments.Returns),
        new("Broken item", "the item arrived broken, I am sending it back", Departments.Returns),
        new("Mot de passe", "j'ai oublié mon mot de passe, impossible de me connecter", Departments.Accounts),
        new("Password", "I forgot my password and cannot log in", Departments.Accounts),
        new("Compte bloqué", "mon compte est bloqué après trop de tentatives", Departments.Accounts),
        new("Locked account", "my account is locked after too many attempts", Departments.Accounts),
        new("Devis", "nous voulons un devis pour 50 licences", Departments.Sales),
        new("Quote", "we would like a quote for 50 licenses", Departments.Sales),
        new("Partenariat", "proposition de partenariat revendeur", Departments.Sales),
        new("Partnership", "reseller partnership proposal for your products", Departments.Sales),
        new("Horaires", "quels sont vos horaires d'ouverture ?", Departments.General),
        new("Opening hours", "what are your opening hours?", Departments.General),
        new("Newsletter", "désinscrivez-moi de la newsletter", Departments.General),
        new("Unsubscribe", "please unsubscribe me from the newsletter", Departments.General),
    ];

    /// <summary>Few iterations and a short character prefix: the tests check behaviour, not accuracy.</summary>
    public static TrainerOptions Options(string algorithm = TrainingAlgorithms.SdcaMaximumEntropy) => new()
    {
        Algorithm = algorithm,
        L2 = 0.0001f,
        Features = new FeatureSettings(),
        Version = "test",
    };

    public static string RepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "TicketRouting.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }

    public static KeywordRuleSet ShippedRules()
    {
        var file = KeywordRuleFile.Load(RepositoryFile("seed/keyword-rules.json"));
        return new KeywordRuleSet(file.ToRules(), Departments.Default, file.Version);
    }

    public static KeywordRuleSet Rules(params (string Department, string Term, double Weight)[] rules) =>
        new(rules.Select(r => new KeywordRule(r.Department, r.Term, r.Weight)), Departments.Default, "test");
}
