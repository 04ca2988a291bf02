-- wrk script: POST /api/ticket with varied French and English tickets and a bearer token.
-- Usage: TOKEN=... wrk -t2 -c16 -d20s -s post-ticket.lua http://127.0.0.1:5090/api/ticket
local tickets = {
  {"Facture de mars", "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois sur ma carte."},
  {"Invoice question", "Hi, I was charged twice for my subscription this month, please fix the invoice."},
  {"L'application plante", "Depuis la mise à jour l'application plante dès que j'ouvre les paramètres, message d'erreur 500."},
  {"App crashes", "The app crashes with an error when I open settings on my phone. Reinstalling did not help."},
  {"Colis non reçu", "Ma commande n'est jamais arrivée, le numéro de suivi ne donne rien depuis dix jours."},
  {"Where is my order", "My parcel was supposed to be delivered last week but tracking has not moved."},
  {"Remboursement", "J'ai renvoyé l'article défectueux il y a deux semaines et je n'ai toujours pas été remboursé."},
  {"Refund for a return", "I sent back the damaged item and still have no refund, can you check the return label?"},
  {"Mot de passe oublié", "Je n'arrive plus à me connecter à mon compte, le lien de réinitialisation ne marche pas."},
  {"Locked out", "I cannot log in to my account, the password reset email never arrives."},
  {"Demande de devis", "Nous sommes revendeur et souhaitons un devis pour 200 licences entreprise."},
  {"Partnership", "We would like to discuss a reseller partnership and volume pricing for our company."},
  {"Horaires", "Bonjour, quels sont vos horaires d'ouverture pendant les fêtes ? Merci."},
  {"Feedback", "Just wanted to say thank you to your customer service team, great job."},
}
local bodies = {}
for i, t in ipairs(tickets) do
  bodies[i] = string.format('{"subject":"%s","description":"%s","customer":{"email":"load%d@example.com"}}', t[1], t[2], i)
end
local n = 0
request = function()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, body)
end
local failures = 0
response = function(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests: %d, non-2xx: %d, errors: %d\n", summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("rps: %.1f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
