// English and French. The language comes from ?lang=fr|en (remembered for the tab), else the browser's language.

const en = {
  'app.title': 'TicketRouting console', 'skip': 'Skip to content', 'loading': 'Loading…',
  'nav.board': 'Workload', 'nav.stats': 'Stats', 'nav.review': 'Review queue', 'nav.tickets': 'Tickets', 'nav.myTickets': 'My tickets', 'nav.admin': 'Admin',
  'nav.label': 'Main', 'lang.switch': 'Français', 'signout': 'Sign out', 'signedInAs': 'Signed in as {name} ({role})',
  'signin.title': 'Sign in', 'signin.username': 'Username', 'signin.password': 'Password', 'signin.submit': 'Sign in',
  'signin.failed': 'Invalid username or password, or the account is locked.', 'signin.rateLimited': 'Too many attempts: wait a minute and try again.',
  'signin.staffOnly': 'This console is for agents, supervisors and admins.', 'session.ended': 'Your session ended: sign in again.',
  'forbidden.title': 'Not allowed', 'forbidden.text': 'Your role cannot open this page.', 'notFound.title': 'Page not found',
  'error.generic': 'Something went wrong ({status}).', 'error.network': 'The service cannot be reached.',
  'board.title': 'Workload', 'board.queue': 'Queue: {n}', 'board.agent': 'Agent', 'board.load': 'Open / capacity',
  'board.available': 'Available', 'board.capacity': 'Capacity', 'board.lastAssigned': 'Last assignment', 'board.never': 'never',
  'board.availableOf': '{name} available', 'board.capacityOf': 'Capacity of {name}', 'board.loadOf': '{name}: {open} open of {capacity}',
  'board.saved': '{name} updated.', 'board.updated': 'Updated {time}', 'board.polling': 'Refreshes every {s} seconds.',
  'board.noAgents': 'No agent in this department.', 'board.notSaved': '{name} not updated: {message}', 'board.capacityRange': 'Capacity of {name}: a whole number from 0 to 1000. Not saved.',
  'review.title': 'Review queue', 'review.empty': 'No ticket waits for review.', 'review.count': '{n} tickets wait for review, oldest first.', 'review.countOne': 'One ticket waits for review.',
  'review.topDepartments': 'Top departments', 'review.evidence': 'Evidence', 'review.noEvidence': 'no matched terms',
  'review.confirm': 'Confirm {department}', 'review.moveTo': 'Move to', 'review.move': 'Move', 'review.reason': 'Reason',
  'review.confirmed': '{key} confirmed in {department}.', 'review.moved': '{key} moved to {department}.', 'review.in': 'In {department}, confidence {confidence}',
  'tickets.title': 'Tickets', 'tickets.mine': 'My tickets', 'tickets.search': 'Search', 'tickets.status': 'Status', 'tickets.priority': 'Priority',
  'tickets.department': 'Department', 'tickets.needsReview': 'Needs review only', 'tickets.sort': 'Sort by', 'tickets.filter': 'Apply',
  'tickets.any': 'Any', 'tickets.key': 'Key', 'tickets.subject': 'Subject', 'tickets.assignee': 'Assignee', 'tickets.created': 'Created',
  'tickets.queue': 'queue', 'tickets.none': 'No ticket matches.', 'tickets.page': 'Page {page} of {pages} · {total} tickets',
  'tickets.previous': 'Previous', 'tickets.next': 'Next', 'tickets.noAgent': 'Your login is not linked to an agent.',
  'sort.created': 'Created', 'sort.updated': 'Updated', 'sort.priority': 'Priority', 'sort.key': 'Key',
  'status.open': 'Open', 'status.in_progress': 'In progress', 'status.blocked': 'Blocked', 'status.closed': 'Closed',
  'priority.low': 'Low', 'priority.medium': 'Medium', 'priority.high': 'High', 'priority.critical': 'Critical',
  'ticket.description': 'Description', 'ticket.details': 'Details', 'ticket.customer': 'Customer', 'ticket.due': 'Due', 'ticket.overdue': 'overdue',
  'ticket.tags': 'Tags', 'ticket.changeStatus': 'Change status', 'ticket.changePriority': 'Change priority', 'ticket.saved': 'Saved.',
  'ticket.routing': 'Routing explanation', 'ticket.classifier': 'Classifier', 'ticket.confidence': 'Confidence', 'ticket.needsReview': 'Needs review',
  'ticket.predicted': 'Predicted', 'ticket.scores': 'Scores', 'ticket.evidence': 'Evidence terms', 'ticket.candidates': 'Candidate agents at decision time',
  'ticket.tieBreak': 'Tie-break', 'ticket.noRouting': 'No routing decision.', 'ticket.yes': 'yes', 'ticket.no': 'no',
  'ticket.comments': 'Comments', 'ticket.noComments': 'No comments.', 'ticket.comment': 'Comment', 'ticket.internal': 'Internal note',
  'ticket.addComment': 'Add comment', 'ticket.history': 'History', 'ticket.reassign': 'Reassign', 'ticket.reassignTitle': 'Reassign',
  'ticket.agent': 'Agent', 'ticket.anyAgent': 'Least-loaded available agent', 'ticket.reason': 'Reason', 'ticket.reassigned': 'Reassigned.',
  'ticket.unassigned': 'unassigned (queue)', 'ticket.unavailable': 'unavailable', 'ticket.internalBadge': 'internal',
  'event.created': 'Created', 'event.routed': 'Routed', 'event.assigned': 'Assigned', 'event.queued': 'Queued', 'event.reassigned': 'Reassigned',
  'event.status': 'Status', 'event.priority': 'Priority', 'event.comment': 'Comment', 'event.deleted': 'Deleted', 'event.reviewed': 'Review confirmed',
  'event.stalled': 'Stalled', 'event.relaxed': 'Requirement relaxed',
  'admin.title': 'Admin', 'admin.departments': 'Departments', 'admin.agents': 'Agents', 'admin.users': 'Users', 'admin.rules': 'Keyword rules',
  'admin.slug': 'Slug', 'admin.nameEn': 'English name', 'admin.nameFr': 'French name', 'admin.agentsCount': 'Agents', 'admin.open': 'Open tickets',
  'admin.username': 'Username', 'admin.displayName': 'Name', 'admin.role': 'Role', 'admin.active': 'Active', 'admin.rulesJson': 'Rules (JSON)',
  'admin.saveRules': 'Save rules', 'admin.rulesSaved': 'Rules saved (version {version}).', 'admin.invalidJson': 'The rules are not valid JSON: {message}',
  'admin.addDepartment': 'Add a department', 'admin.addDepartmentButton': 'Add department', 'admin.departmentAdded': 'Department {name} added.',
  'admin.addAgent': 'Add an agent', 'admin.addAgentButton': 'Add agent', 'admin.agentAdded': 'Agent {name} added.', 'admin.email': 'Email',
  'admin.addUser': 'Add a user', 'admin.addUserButton': 'Add user', 'admin.userAdded': 'User {name} added.', 'admin.password': 'Password',
  'admin.agentLink': 'Agent record (role agent)', 'admin.noAgent': 'none', 'admin.actions': 'Actions',
  'admin.deactivate': 'Deactivate {name}', 'admin.reactivate': 'Reactivate {name}', 'admin.deactivated': '{name} deactivated: their sessions end.', 'admin.reactivated': '{name} reactivated.',
  'admin.dryRun': 'Dry run', 'admin.dryRunHelp': 'What a sample ticket would be routed to; nothing is saved.', 'admin.subject': 'Subject',
  'admin.description': 'Description', 'admin.try': 'Try', 'admin.routedTo': 'Routed to {department} (confidence {confidence})',
  'admin.predicted': 'Classifier says {department}; below the threshold {min}, so it goes to the fallback and needs review.',
  'stats.title': 'Statistics', 'stats.rates': 'Routing quality',
  'stats.misrouteRate': 'Misroute rate (moved by a supervisor)', 'stats.reviewRate': 'Review rate (classifier unsure)', 'stats.byStatus': 'Tickets by status',
  'stats.byDepartment': 'Tickets by department', 'stats.summary': '{total} tickets, {overdue} overdue, {corrections} moved to another department, {review} flagged for review.',
  'nav.models': 'Models', 'models.title': 'Classifier models', 'models.trainHelp': 'Train a new model from the confirmed tickets and the base data, in the background; its held-out metrics are compared with the classifier routing now.',
  'models.activateIfBetter': 'Activate it if it is not worse than the active classifier', 'models.train': 'Train a new model',
  'models.training': 'Training {version}…', 'models.activated': '{version} is active.', 'models.none': 'No model yet.',
  'models.version': 'Version', 'models.status': 'Status', 'models.created': 'Created', 'models.accuracy': 'Accuracy (model vs compared)',
  'models.macroF1': 'Macro-F1 (model vs compared)', 'models.reason': 'Note', 'models.action': 'Action', 'models.versus': '{model} vs {baseline}',
  'models.active': 'active', 'models.activate': 'Activate {version}', 'models.force': 'Force activation of {version}', 'models.cancel': 'Cancel',
  'models.status.training': 'Training', 'models.status.ready': 'Ready', 'models.status.failed': 'Failed',
  'models.perDepartment': 'Per department ({n} held-out tickets, compared with {baseline})', 'models.precision': 'Precision', 'models.recall': 'Recall',
  'models.baselinePrecision': 'Compared: precision', 'models.baselineRecall': 'Compared: recall', 'models.support': 'Tickets', 'models.noHeldOut': 'No held-out ticket: nothing to compare yet.',
  'stats.period': 'Period', 'stats.days': 'Last {n} days', 'stats.all': 'All time',
  'models.replay': 'What-if {version}', 'models.replaying': 'Replaying the confirmed tickets with {version}…',
  'models.replayTitle': 'What-if: {version} against the active classifier ({active})',
  'models.replayNone': 'No confirmed ticket yet: nothing to replay.',
  'models.replaySummary': '{tickets} confirmed tickets replayed: {move} would go elsewhere; accuracy {active} now, {candidate} with this model; {fixed} fixed, {broken} broken.',
  'models.replayChanges': 'Where the routing would change', 'models.replayConfirmed': 'Confirmed department', 'models.replayRoutedTo': 'Routed to',
  'models.replayActive': 'Active classifier', 'models.replayCandidate': 'This model',
};

const fr = {
  'app.title': 'Console TicketRouting', 'skip': 'Aller au contenu', 'loading': 'Chargement…',
  'nav.board': 'Charge', 'nav.stats': 'Statistiques', 'nav.review': 'À revoir', 'nav.tickets': 'Tickets', 'nav.myTickets': 'Mes tickets', 'nav.admin': 'Administration',
  'nav.label': 'Principal', 'lang.switch': 'English', 'signout': 'Se déconnecter', 'signedInAs': 'Connecté : {name} ({role})',
  'signin.title': 'Connexion', 'signin.username': "Nom d'utilisateur", 'signin.password': 'Mot de passe', 'signin.submit': 'Se connecter',
  'signin.failed': 'Identifiant ou mot de passe incorrect, ou compte verrouillé.', 'signin.rateLimited': 'Trop de tentatives : attendez une minute.',
  'signin.staffOnly': 'Cette console est réservée aux agents, superviseurs et administrateurs.', 'session.ended': 'Votre session a pris fin : reconnectez-vous.',
  'forbidden.title': 'Accès refusé', 'forbidden.text': 'Votre rôle ne permet pas d’ouvrir cette page.', 'notFound.title': 'Page introuvable',
  'error.generic': 'Une erreur est survenue ({status}).', 'error.network': 'Le service est injoignable.',
  'board.title': 'Charge des agents', 'board.queue': 'File d’attente : {n}', 'board.agent': 'Agent', 'board.load': 'Ouverts / capacité',
  'board.available': 'Disponible', 'board.capacity': 'Capacité', 'board.lastAssigned': 'Dernière attribution', 'board.never': 'jamais',
  'board.availableOf': '{name} disponible', 'board.capacityOf': 'Capacité de {name}', 'board.loadOf': '{name} : {open} ouverts sur {capacity}',
  'board.saved': '{name} mis à jour.', 'board.updated': 'Mis à jour à {time}', 'board.polling': 'Actualisé toutes les {s} secondes.',
  'board.noAgents': 'Aucun agent dans ce service.', 'board.notSaved': '{name} non mis à jour : {message}', 'board.capacityRange': 'Capacité de {name} : un nombre entier de 0 à 1000. Non enregistré.',
  'review.title': 'Tickets à revoir', 'review.empty': 'Aucun ticket à revoir.', 'review.count': '{n} tickets à revoir, du plus ancien au plus récent.', 'review.countOne': 'Un ticket à revoir.',
  'review.topDepartments': 'Services les plus probables', 'review.evidence': 'Indices', 'review.noEvidence': 'aucun terme reconnu',
  'review.confirm': 'Confirmer {department}', 'review.moveTo': 'Déplacer vers', 'review.move': 'Déplacer', 'review.reason': 'Motif',
  'review.confirmed': '{key} confirmé dans {department}.', 'review.moved': '{key} déplacé vers {department}.', 'review.in': 'Dans {department}, confiance {confidence}',
  'tickets.title': 'Tickets', 'tickets.mine': 'Mes tickets', 'tickets.search': 'Rechercher', 'tickets.status': 'Statut', 'tickets.priority': 'Priorité',
  'tickets.department': 'Service', 'tickets.needsReview': 'À revoir seulement', 'tickets.sort': 'Trier par', 'tickets.filter': 'Appliquer',
  'tickets.any': 'Tous', 'tickets.key': 'Clé', 'tickets.subject': 'Objet', 'tickets.assignee': 'Agent', 'tickets.created': 'Créé',
  'tickets.queue': 'file', 'tickets.none': 'Aucun ticket ne correspond.', 'tickets.page': 'Page {page} sur {pages} · {total} tickets',
  'tickets.previous': 'Précédent', 'tickets.next': 'Suivant', 'tickets.noAgent': 'Votre compte n’est lié à aucun agent.',
  'sort.created': 'Création', 'sort.updated': 'Mise à jour', 'sort.priority': 'Priorité', 'sort.key': 'Clé',
  'status.open': 'Ouvert', 'status.in_progress': 'En cours', 'status.blocked': 'Bloqué', 'status.closed': 'Fermé',
  'priority.low': 'Basse', 'priority.medium': 'Moyenne', 'priority.high': 'Haute', 'priority.critical': 'Critique',
  'ticket.description': 'Description', 'ticket.details': 'Détails', 'ticket.customer': 'Client', 'ticket.due': 'Échéance', 'ticket.overdue': 'en retard',
  'ticket.tags': 'Étiquettes', 'ticket.changeStatus': 'Changer le statut', 'ticket.changePriority': 'Changer la priorité', 'ticket.saved': 'Enregistré.',
  'ticket.routing': 'Explication du routage', 'ticket.classifier': 'Classifieur', 'ticket.confidence': 'Confiance', 'ticket.needsReview': 'À revoir',
  'ticket.predicted': 'Prédit', 'ticket.scores': 'Scores', 'ticket.evidence': 'Termes reconnus', 'ticket.candidates': 'Agents candidats au moment de la décision',
  'ticket.tieBreak': 'Départage', 'ticket.noRouting': 'Aucune décision de routage.', 'ticket.yes': 'oui', 'ticket.no': 'non',
  'ticket.comments': 'Commentaires', 'ticket.noComments': 'Aucun commentaire.', 'ticket.comment': 'Commentaire', 'ticket.internal': 'Note interne',
  'ticket.addComment': 'Ajouter le commentaire', 'ticket.history': 'Historique', 'ticket.reassign': 'Réattribuer', 'ticket.reassignTitle': 'Réattribuer',
  'ticket.agent': 'Agent', 'ticket.anyAgent': 'Agent disponible le moins chargé', 'ticket.reason': 'Motif', 'ticket.reassigned': 'Réattribué.',
  'ticket.unassigned': 'non attribué (file)', 'ticket.unavailable': 'indisponible', 'ticket.internalBadge': 'interne',
  'event.created': 'Créé', 'event.routed': 'Routé', 'event.assigned': 'Attribué', 'event.queued': 'En file', 'event.reassigned': 'Réattribué',
  'event.status': 'Statut', 'event.priority': 'Priorité', 'event.comment': 'Commentaire', 'event.deleted': 'Supprimé', 'event.reviewed': 'Revue confirmée',
  'event.stalled': 'En souffrance', 'event.relaxed': 'Exigence assouplie',
  'admin.title': 'Administration', 'admin.departments': 'Services', 'admin.agents': 'Agents', 'admin.users': 'Utilisateurs', 'admin.rules': 'Règles de mots-clés',
  'admin.slug': 'Code', 'admin.nameEn': 'Nom anglais', 'admin.nameFr': 'Nom français', 'admin.agentsCount': 'Agents', 'admin.open': 'Tickets ouverts',
  'admin.username': "Nom d'utilisateur", 'admin.displayName': 'Nom', 'admin.role': 'Rôle', 'admin.active': 'Actif', 'admin.rulesJson': 'Règles (JSON)',
  'admin.saveRules': 'Enregistrer les règles', 'admin.rulesSaved': 'Règles enregistrées (version {version}).', 'admin.invalidJson': 'Les règles ne sont pas du JSON valide : {message}',
  'admin.addDepartment': 'Ajouter un service', 'admin.addDepartmentButton': 'Ajouter le service', 'admin.departmentAdded': 'Service {name} ajouté.',
  'admin.addAgent': 'Ajouter un agent', 'admin.addAgentButton': "Ajouter l'agent", 'admin.agentAdded': 'Agent {name} ajouté.', 'admin.email': 'E-mail',
  'admin.addUser': 'Ajouter un utilisateur', 'admin.addUserButton': "Ajouter l'utilisateur", 'admin.userAdded': 'Utilisateur {name} ajouté.', 'admin.password': 'Mot de passe',
  'admin.agentLink': 'Fiche agent (rôle agent)', 'admin.noAgent': 'aucune', 'admin.actions': 'Actions',
  'admin.deactivate': 'Désactiver {name}', 'admin.reactivate': 'Réactiver {name}', 'admin.deactivated': '{name} désactivé : ses sessions prennent fin.', 'admin.reactivated': '{name} réactivé.',
  'admin.dryRun': 'Essai à blanc', 'admin.dryRunHelp': 'Où irait un ticket d’exemple ; rien n’est enregistré.', 'admin.subject': 'Objet',
  'admin.description': 'Description', 'admin.try': 'Essayer', 'admin.routedTo': 'Routé vers {department} (confiance {confidence})',
  'admin.predicted': 'Le classifieur dit {department} ; sous le seuil {min}, le ticket va au service de repli et doit être revu.',
  'stats.title': 'Statistiques', 'stats.rates': 'Qualité du routage',
  'stats.misrouteRate': 'Taux de mauvais routage (déplacés par un superviseur)', 'stats.reviewRate': 'Taux de revue (classifieur incertain)', 'stats.byStatus': 'Tickets par statut',
  'stats.byDepartment': 'Tickets par service', 'stats.summary': '{total} tickets, {overdue} en retard, {corrections} déplacés vers un autre service, {review} signalés pour revue.',
  'nav.models': 'Modèles', 'models.title': 'Modèles du classifieur', 'models.trainHelp': 'Entraîner un nouveau modèle sur les tickets confirmés et les données de base, en arrière-plan ; ses mesures sur les tickets mis de côté sont comparées au classifieur qui route aujourd’hui.',
  'models.activateIfBetter': 'L’activer s’il n’est pas moins bon que le classifieur actif', 'models.train': 'Entraîner un nouveau modèle',
  'models.training': 'Entraînement de {version}…', 'models.activated': '{version} est actif.', 'models.none': 'Aucun modèle pour l’instant.',
  'models.version': 'Version', 'models.status': 'État', 'models.created': 'Créé le', 'models.accuracy': 'Exactitude (modèle / comparé)',
  'models.macroF1': 'Macro-F1 (modèle / comparé)', 'models.reason': 'Remarque', 'models.action': 'Action', 'models.versus': '{model} / {baseline}',
  'models.active': 'actif', 'models.activate': 'Activer {version}', 'models.force': 'Forcer l’activation de {version}', 'models.cancel': 'Annuler',
  'models.status.training': 'En entraînement', 'models.status.ready': 'Prêt', 'models.status.failed': 'Échec',
  'models.perDepartment': 'Par service ({n} tickets mis de côté, comparé à {baseline})', 'models.precision': 'Précision', 'models.recall': 'Rappel',
  'models.baselinePrecision': 'Comparé : précision', 'models.baselineRecall': 'Comparé : rappel', 'models.support': 'Tickets', 'models.noHeldOut': 'Aucun ticket mis de côté : rien à comparer pour l’instant.',
  'stats.period': 'Période', 'stats.days': '{n} derniers jours', 'stats.all': 'Depuis le début',
  'models.replay': 'Simuler {version}', 'models.replaying': 'Rejeu des tickets confirmés avec {version}…',
  'models.replayTitle': 'Simulation : {version} face au classifieur actif ({active})',
  'models.replayNone': 'Aucun ticket confirmé pour l’instant : rien à rejouer.',
  'models.replaySummary': '{tickets} tickets confirmés rejoués : {move} iraient ailleurs ; exactitude {active} aujourd’hui, {candidate} avec ce modèle ; {fixed} corrigés, {broken} dégradés.',
  'models.replayChanges': 'Où le routage changerait', 'models.replayConfirmed': 'Service confirmé', 'models.replayRoutedTo': 'Routé vers',
  'models.replayActive': 'Classifieur actif', 'models.replayCandidate': 'Ce modèle',
};

const STORAGE = 'ticketrouting.lang';

function detect() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'fr' || asked === 'en') {
    sessionStorage.setItem(STORAGE, asked);
    return asked;
  }
  return sessionStorage.getItem(STORAGE) ?? ((navigator.language ?? 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en');
}

export const lang = detect();
const dictionary = lang === 'fr' ? fr : en;

export function t(key, vars = {}) {
  const text = dictionary[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

export const departmentName = (d) => (d ? (lang === 'fr' ? d.nameFr : d.nameEn) ?? d.slug : '');
export const statusName = (s) => t(`status.${s}`);
export const priorityName = (p) => t(`priority.${p}`);

const dateTime = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'medium' });
const percent = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
export const formatDate = (iso) => (iso ? dateTime.format(new Date(iso)) : '');
export const formatTime = (date) => time.format(date);
export const formatPercent = (x) => percent.format(x ?? 0);
