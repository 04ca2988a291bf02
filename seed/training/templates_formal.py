# Longer, formal tickets as businesses write them (the register of e-mails sent to a support address).
FORMAL_OPEN_EN = ["Dear Customer Support Team,\n\nI hope this message finds you well.", "Dear Support,\n\n", "Hello team,\n\n",
  "Dear Sir or Madam,\n\nI am writing on behalf of our company.", "Dear Customer Service,\n\nI am reaching out regarding the following matter."]
FORMAL_CLOSE_EN = ["Thank you for your prompt attention to this matter.\n\nBest regards,\nMaria Jensen",
  "I appreciate your assistance and look forward to your response.\n\nKind regards", "Thank you in advance for your help.",
  "Please let me know if you need any further information.\n\nSincerely,\nTom Baker"]
FORMAL_OPEN_FR = ["Madame, Monsieur,\n\nJe me permets de vous contacter au sujet de la situation suivante.", "Bonjour l'équipe support,\n\n",
  "Chère équipe du service client,\n\nJ'espère que vous allez bien.", "Bonjour,\n\nJe vous écris au nom de notre société."]
FORMAL_CLOSE_FR = ["Je vous remercie par avance pour votre retour rapide.\n\nCordialement,\nSophie Martin",
  "Restant à votre disposition pour tout complément d'information.\n\nBien cordialement", "Merci de votre aide.\n\nJean Dupont"]
FORMAL = {'billing': {'en': ['I noticed several inconsistencies in the charges applied to our account this quarter. Could you provide a detailed breakdown of the '
                    'billing cycle and explain the additional fees?',
                    'Our finance department requires corrected invoices for the last three months, as the VAT details and company address are incorrect.',
                    'The payment for our annual plan was debited twice from our corporate card. We kindly ask you to refund the duplicate charge and confirm '
                    'the correct balance.',
                    'We would like to understand which payment methods are accepted and whether we can move to invoicing with 30-day payment terms.',
                    'We were invoiced for twelve user licenses although only eight users are active. Please adjust the invoice and credit the difference to '
                    'our account.'],
             'fr': ['Nous constatons plusieurs incohérences dans les montants facturés ce trimestre. Pourriez-vous nous transmettre le détail de la '
                    'facturation et des frais appliqués ?',
                    "Notre service comptable a besoin de factures rectifiées pour les trois derniers mois, le numéro de TVA et l'adresse de facturation étant "
                    'erronés.',
                    "Le paiement de notre abonnement annuel a été prélevé deux fois sur la carte de l'entreprise. Merci de régulariser la situation.",
                    "Nous souhaiterions connaître les moyens de paiement acceptés et savoir s'il est possible de payer par virement à 30 jours.",
                    "Nous avons été facturés pour douze licences alors que seuls huit utilisateurs sont actifs. Merci d'ajuster la facture et de créditer la "
                    'différence.']},
 'technical': {'en': ['We are experiencing repeated outages of the platform which affect our operations. The dashboard becomes unresponsive and data fails to '
                      'load for all users.',
                      'After the latest system update, the integration with our CRM stopped synchronizing data. We have already restarted the services and '
                      'checked the API credentials.',
                      'Our team is unable to print from laptops running the latest operating system update; the printer is no longer detected on the network.',
                      'We detected unusual activity and a possible security incident affecting several devices connected to your cloud service. Please help us '
                      'investigate and secure the affected systems.',
                      'Could you tell us whether your software is compatible with our current tools, and whether it supports single sign-on and data export '
                      'through the API?',
                      'The mobile application crashes intermittently when uploading files larger than 10 MB, and the error logs show a timeout from the '
                      'server.',
                      'Performance of the analytics module has degraded significantly; queries that took seconds now take several minutes.',
                      'We would like detailed information on the features of the product, its technical specifications and the configuration steps for our '
                      'environment.',
                      'Since yesterday, several users report that the VPN connection drops every few minutes, which prevents access to internal tools. Could '
                      'you look into the configuration on your side?',
                      'Our data analytics tool stopped refreshing the dashboards after the connector was updated. We verified network access and permissions '
                      'but the job still fails.',
                      'We are planning to integrate your platform with our existing project management software. Could you provide documentation about the API '
                      'endpoints, rate limits and supported authentication methods?',
                      'A number of workstations show a blue screen after installing the latest driver package you distributed. We rolled back on two machines '
                      'as a workaround.',
                      "We suspect a data breach: unknown logins appeared in the audit log of our hospital's records system last night. We need urgent "
                      'assistance to contain the incident.',
                      'The smart devices in our office no longer connect to the hub after the firmware update, and resetting them to factory settings did not '
                      'solve the problem.'],
               'fr': ['Nous subissons des interruptions de service répétées qui perturbent notre activité. Le tableau de bord ne répond plus et les données ne '
                      'se chargent pas.',
                      "Depuis la dernière mise à jour, l'intégration avec notre CRM ne synchronise plus les données. Nous avons redémarré les services et "
                      "vérifié les identifiants de l'API.",
                      "Les postes de notre équipe ne détectent plus l'imprimante réseau depuis la mise à jour du système d'exploitation.",
                      'Nous avons détecté une activité inhabituelle et un possible incident de sécurité sur plusieurs appareils connectés à votre service '
                      'cloud.',
                      "Pourriez-vous nous indiquer si votre logiciel est compatible avec nos outils actuels et s'il prend en charge l'authentification unique "
                      "et l'export via API ?",
                      "L'application mobile plante de façon aléatoire lors de l'envoi de fichiers volumineux, les journaux indiquent une erreur de délai "
                      "d'attente du serveur.",
                      "Les performances du module d'analyse se sont fortement dégradées, les requêtes prennent plusieurs minutes.",
                      'Nous aimerions obtenir des informations détaillées sur les fonctionnalités du produit et les étapes de configuration pour notre '
                      'environnement.',
                      "Depuis hier, plusieurs utilisateurs signalent que la connexion VPN se coupe toutes les quelques minutes, ce qui bloque l'accès à nos "
                      'outils internes.',
                      "Notre outil d'analyse ne rafraîchit plus les tableaux de bord depuis la mise à jour du connecteur. Les droits et l'accès réseau ont été "
                      'vérifiés.',
                      "Nous prévoyons d'intégrer votre plateforme à notre logiciel de gestion de projet. Pourriez-vous nous fournir la documentation de l'API "
                      "et les méthodes d'authentification prises en charge ?",
                      "Plusieurs postes affichent un écran bleu après l'installation du dernier pilote. Nous avons dû revenir à la version précédente sur deux "
                      'machines.',
                      "Nous soupçonnons une fuite de données : des connexions inconnues apparaissent dans le journal d'audit de notre système cette nuit.",
                      'Les objets connectés de nos bureaux ne se connectent plus au boîtier depuis la mise à jour du micrologiciel, même après une '
                      'réinitialisation.']},
 'orders': {'en': ['Our purchase order placed three weeks ago has still not been delivered, and the tracking information has not been updated since it left '
                   'the warehouse.',
                   'We received only part of the shipment; two of the five boxes listed on the delivery note are missing.',
                   'Please update the delivery address for our pending order, as our office has moved to a new location.'],
            'fr': ["Notre commande passée il y a trois semaines n'a toujours pas été livrée et le suivi n'a pas été mis à jour depuis le départ de l'entrepôt.",
                   "Nous n'avons reçu qu'une partie de la livraison : deux des cinq cartons indiqués sur le bon de livraison sont manquants.",
                   "Merci de modifier l'adresse de livraison de notre commande en cours, nos bureaux ayant déménagé."]},
 'returns': {'en': ['Several units we received are defective and we would like to return them for a full refund. Please provide instructions and a return '
                    'authorization.',
                    'We returned the faulty equipment two weeks ago and have not yet received the refund or any confirmation of receipt.',
                    'We would like to exchange the items delivered for a different model, as they do not match the specifications we ordered.',
                    'The equipment we received last week is not working as expected, and we would like to know the procedure for returning it under the '
                    'warranty and obtaining a refund.'],
             'fr': ['Plusieurs appareils reçus sont défectueux et nous souhaitons les retourner contre remboursement. Merci de nous indiquer la procédure de '
                    'retour.',
                    "Nous avons renvoyé le matériel défectueux il y a deux semaines et n'avons toujours reçu ni remboursement ni confirmation de réception.",
                    'Nous souhaitons échanger les articles livrés contre un autre modèle, car ils ne correspondent pas aux caractéristiques commandées.',
                    'Le matériel reçu la semaine dernière ne fonctionne pas correctement et nous souhaitons connaître la procédure de retour sous garantie et '
                    'de remboursement.']},
 'accounts': {'en': ['Several of our employees cannot log in to their accounts since this morning; the system reports invalid credentials even after a '
                     'password reset.',
                     'Please grant administrator access to our new IT manager and remove the account of an employee who has left the company.',
                     'We need to enable two-factor authentication for all users of our organization account. Could you explain how to configure it?'],
              'fr': ['Plusieurs de nos collaborateurs ne parviennent plus à se connecter à leur compte depuis ce matin, malgré la réinitialisation du mot de '
                     'passe.',
                     "Merci d'accorder les droits d'administrateur à notre nouveau responsable informatique et de supprimer le compte d'un employé parti.",
                     'Nous devons activer la double authentification pour tous les utilisateurs de notre compte entreprise. Comment la configurer ?']},
 'sales': {'en': ['Our company is considering adopting your solution across three departments. Could you share your pricing plans, volume discounts and '
                  'arrange a call with a sales representative?',
                  'We are a marketing agency interested in becoming a partner and reselling your products to our clients. Please send us details about your '
                  'partner program.',
                  'We would like to request a formal quotation for 120 licenses including onboarding and premium support.'],
           'fr': ['Notre entreprise envisage de déployer votre solution dans trois services. Pourriez-vous nous communiquer vos tarifs, remises sur volume et '
                  'organiser un échange avec un commercial ?',
                  'Nous sommes une agence marketing intéressée par un partenariat afin de revendre vos produits à nos clients.',
                  'Nous souhaitons recevoir un devis pour 120 licences incluant la formation et le support premium.']},
 'general': {'en': ['I would like to share some feedback about the service I received from your team last week, which did not meet my expectations.',
                    'Could you provide general information about your company, your opening hours and the best way to reach your customer care team?',
                    'I am writing to express my appreciation for the excellent support provided by your staff during the past months.',
                    'I would like to know more about the services your company offers and whether you have a customer care line available on weekends.',
                    'I am disappointed with the way my previous request was handled; I had to explain the same situation to three different people.',
                    'Could you let me know where I can find your privacy policy and how to submit a formal complaint?'],
             'fr': ["Je souhaite vous faire part de mon mécontentement concernant la qualité de l'accueil reçu la semaine dernière.",
                    'Pourriez-vous me communiquer des informations générales sur votre société, vos horaires et le meilleur moyen de joindre le service client '
                    '?',
                    'Je tenais à remercier votre équipe pour la qualité du suivi apporté ces derniers mois.',
                    "J'aimerais en savoir plus sur les services proposés par votre société et savoir si le service client est joignable le week-end.",
                    "Je suis déçu de la manière dont ma précédente demande a été traitée ; j'ai dû expliquer la même situation à trois interlocuteurs "
                    'différents.',
                    "Pourriez-vous m'indiquer où trouver votre politique de confidentialité et comment déposer une réclamation officielle ?"]}}
