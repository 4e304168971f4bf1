"""Names, places and sentences for the seeded world: Dutch, plain, made up."""

from __future__ import annotations

# (code, name, weight, region). Weight: share of the households, roughly by population.
# Region "utrecht" is served by Regionaal Veiligheidsteam Utrecht, "gooi" by the Gooi team.
MUNICIPALITIES = [
    ("GM0344", "Utrecht", 360, "utrecht"),
    ("GM0307", "Amersfoort", 160, "utrecht"),
    ("GM0356", "Nieuwegein", 64, "utrecht"),
    ("GM0355", "Zeist", 65, "utrecht"),
    ("GM1904", "Stichtse Vecht", 65, "utrecht"),
    ("GM0345", "Veenendaal", 67, "utrecht"),
    ("GM1581", "Utrechtse Heuvelrug", 50, "utrecht"),
    ("GM0321", "Houten", 50, "utrecht"),
    ("GM0632", "Woerden", 53, "utrecht"),
    ("GM0310", "De Bilt", 43, "utrecht"),
    ("GM0342", "Soest", 47, "utrecht"),
    ("GM0353", "IJsselstein", 34, "utrecht"),
    ("GM0736", "De Ronde Venen", 45, "utrecht"),
    ("GM1961", "Vijfheerenlanden", 57, "utrecht"),
    ("GM0327", "Leusden", 30, "utrecht"),
    ("GM0308", "Baarn", 25, "utrecht"),
    ("GM0313", "Bunschoten", 22, "utrecht"),
    ("GM0352", "Wijk bij Duurstede", 24, "utrecht"),
    ("GM0340", "Rhenen", 20, "utrecht"),
    ("GM0331", "Lopik", 15, "utrecht"),
    ("GM0335", "Montfoort", 14, "utrecht"),
    ("GM0351", "Woudenberg", 14, "utrecht"),
    ("GM0589", "Oudewater", 10, "utrecht"),
    ("GM0339", "Renswoude", 5, "utrecht"),
    ("GM0317", "Eemnes", 9, "utrecht"),
    ("GM0402", "Hilversum", 92, "gooi"),
    ("GM1942", "Gooise Meren", 58, "gooi"),
    ("GM0406", "Huizen", 41, "gooi"),
    ("GM1696", "Wijdemeren", 24, "gooi"),
    ("GM0376", "Blaricum", 12, "gooi"),
    ("GM0417", "Laren", 11, "gooi"),
]

# Utrecht has several neighbourhood teams; the first is the demo's.
UTRECHT_TEAMS = [
    "Buurtteam Utrecht Noordoost",
    "Buurtteam Utrecht Noordwest",
    "Buurtteam Utrecht West",
    "Buurtteam Utrecht Zuidwest",
    "Buurtteam Utrecht Zuid",
    "Buurtteam Utrecht Oost",
    "Buurtteam Utrecht Overvecht",
    "Buurtteam Utrecht Leidsche Rijn",
    "Buurtteam Utrecht Vleuten-De Meern",
    "Buurtteam Utrecht Binnenstad",
]

SAFETY_TEAMS = {
    "utrecht": "Regionaal Veiligheidsteam Utrecht",
    "gooi": "Veiligheidsteam Gooi en Vechtstreek",
}

# (name, kind value, expertise) of organisations that serve the whole region.
REGIONAL_ORGANISATIONS = [
    ("GGZ-team Midden-Nederland", "specialist", "GGZ-behandelaar"),
    ("Schuldhulp Midden-Nederland", "specialist", "Schuldhulpverlener"),
    ("Verslavingszorg Midden-Nederland", "specialist", "Verslavingszorg"),
    ("Veilig Thuis Utrecht", "veilig_thuis", "Medewerker Veilig Thuis"),
    ("Samen Veilig Midden-Nederland", "gi", "Jeugdbeschermer"),
    ("Raad voor de Kinderbescherming Midden-Nederland", "raad", "Raadsonderzoeker"),
]

SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "van der Veen", "van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
    "van der Wal", "Prins", "Blom", "Huisman", "El Amrani", "Yilmaz", "Kaya", "Demir",
    "Bouzid", "Ahmadi", "Nguyen", "Pinas", "Martina", "Rodrigues", "Kowalski", "Nowak",
    "Şahin", "El Idrissi", "Bakkali", "Tahiri", "Haddou", "Koç", "Sedney", "Zeegelaar",
    "Wolters", "Postma", "Kuipers", "Veenstra", "Kramer", "van Wijk", "Timmermans",
]  # fmt: skip

WOMEN = [
    "Anna", "Emma", "Sanne", "Lisa", "Fleur", "Mirjam", "Fatima", "Sara", "Eva", "Linda",
    "Marieke", "Esther", "Ingrid", "Nicole", "Yasmina", "Aylin", "Chantal", "Monique", "Petra",
    "Sandra", "Kim", "Iris", "Naima", "Samira", "Ilse", "Joyce", "Wendy", "Karin", "Priya",
    "Femke", "Lotte", "Merel", "Hanneke", "Saskia", "Zeynep", "Rachida", "Daisy", "Anouk",
]  # fmt: skip
MEN = [
    "Pieter", "Johan", "Mark", "Dennis", "Kevin", "Bram", "Thomas", "Jeroen", "Mohamed", "Ahmed",
    "Youssef", "Mehmet", "Erik", "Martijn", "Sander", "Rick", "Stefan", "Hans", "Peter", "Ruben",
    "Hamza", "Jordy", "Tim", "Niels", "Vincent", "Arjen", "Bilal", "Emre", "Remco", "Wouter",
    "Said", "Jurgen", "Patrick", "Marco", "Rachid", "Kofi", "Bas", "Joost",
]  # fmt: skip
CHILDREN = [
    "Daan", "Sem", "Noah", "Lucas", "Levi", "Finn", "Luuk", "Milan", "Jesse", "Mila", "Tess",
    "Noor", "Sophie", "Julia", "Nora", "Saar", "Zoë", "Yara", "Lina", "Liv", "Adam", "Amir",
    "Ayoub", "Nina", "Lotte", "Tom", "Sanne", "Mohammed", "Elif", "Ilyas", "Fenna", "Jayden",
    "Roos", "Vera", "Stijn", "Ravi", "Aya", "Sami", "Isa", "Max",
]  # fmt: skip
ELDERLY = [
    "Kees", "Riet", "Gerrit", "Truus", "Henk", "Annie", "Jan", "Gerda", "Wim", "Bep", "Cor",
    "Ria", "Fatma", "Ali", "Toos", "Piet", "Joop", "Corrie", "Hassan", "Aaltje",
]  # fmt: skip

STREETS = [
    "Biltstraat", "Kampstraat", "Amsterdamsestraatweg", "Kanaalweg", "Vleutenseweg",
    "Laan van Nieuw-Guinea", "Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg",
    "Stationsweg", "Julianalaan", "Beatrixstraat", "Wilhelminaplein", "Nieuwstraat",
    "Hoofdstraat", "Prins Bernhardlaan", "Lindelaan", "Eikenlaan", "Vogelweg", "Merelstraat",
    "Tulpstraat", "Rozenlaan", "Zonnebloemstraat", "Marnixlaan", "Burgemeester Reigerstraat",
    "Koningsweg", "Sportlaan", "Parkweg", "Brinkstraat",
]  # fmt: skip

RELATIONS = [
    "buurvrouw", "buurman", "oma", "opa", "tante", "oom", "vriendin", "vriend",
    "voetbaltrainer", "juf van school", "peetoom", "nicht",
]  # fmt: skip

# Notes in a dossier. {adult}, {adult2}, {child} and {name} are first names of members.
NOTES = [
    "Huisbezoek gedaan. {adult} vertelt dat het de afgelopen week rustiger was.",
    "Gesprek met {child} op school. {child} zegt dat het thuis beter gaat.",
    "Telefonisch contact met {adult} over de afspraken uit het plan.",
    "De school meldt dat {child} vaker afwezig is. We bespreken dit met het gezin.",
    "Overleg met de huisarts over de gezondheid van {name}.",
    "{adult} heeft een afspraak gemaakt bij de schuldhulpverlening.",
    "Er was deze week weer ruzie. Niemand is gewond geraakt. We spreken de afspraken opnieuw door.",
    "{adult} wil graag hulp bij de opvoeding. We zoeken samen naar een cursus.",
    "Afspraak met de woningcorporatie over een andere woning.",
    "{name} gaat sinds maandag naar de dagopvang. Dat gaat goed.",
    "De buurvrouw past twee middagen per week op. Dat geeft rust.",
    "Evaluatie van de afspraken met het gezin. De meeste afspraken lopen goed.",
    "{adult} was niet thuis bij het huisbezoek. We maken een nieuwe afspraak.",
    "Overleg met de jeugdarts en de school. We letten samen op hoe het met {child} gaat.",
    "{adult} vertelt over zorgen om geld. De rekeningen stapelen zich op.",
    "Gesprek met {adult} en {adult2} samen. Ze willen allebei dat het thuis rustiger wordt.",
    "{child} heeft een nieuwe vriend op school en voelt zich daar prettig.",
    "{name} heeft een intake gehad bij de GGZ.",
    "We hebben samen een weekplanning gemaakt, zodat er meer rust en regelmaat is.",
    "{adult} heeft werk gevonden voor drie dagen per week.",
    "{child} slaapt slecht en is moe op school. We zoeken uit wat helpt.",
    "De afspraken over de bezoekregeling zijn opnieuw besproken met beide ouders.",
    "{adult} vraagt om hulp bij het invullen van formulieren van de gemeente.",
    "Het gezin heeft een aanvraag gedaan voor bijzondere bijstand.",
    "{name} is naar de tandarts geweest. Er is een vervolgafspraak.",
    "Gesprek over de veiligheid thuis. {adult} weet wie ze kan bellen als het misgaat.",
    "{child} gaat naar een sportclub. Dat helpt om stoom af te blazen.",
    "Afspraak gemaakt met de mentor van {child}.",
    "{adult} voelt zich somber. We bespreken of extra hulp nodig is.",
    "Het gaat beter met de financiën. De schulden zijn in beeld.",
    "Overleg met het wijkteam over de verdeling van de taken in dit gezin.",
    "{adult2} helpt mee met de zorg voor {name}.",
    "Korte check-in gedaan. Er zijn geen nieuwe zorgen.",
    "{child} vertelt dat het fijn is dat er minder ruzie is.",
    "{adult} heeft de afspraak met de verslavingszorg nagekomen.",
    "We hebben het netwerk gevraagd mee te denken. De opa en oma willen helpen.",
]
WITHHELD_NOTES = [
    "Melding van een buurman over harde ruzies. De melder wil niet dat het gezin weet wie dit meldde.",
    "Informatie van de politie over een lopend onderzoek naar {adult}.",
    "Zorgen van de school over blauwe plekken bij {child}. De school wil anoniem blijven.",
    "Een familielid vertelt in vertrouwen over drankgebruik van {adult}.",
    "Overleg met de politie over de veiligheid van {child}.",
]
INVOLVEMENT_REASONS = [
    "Zorgen over de veiligheid van de kinderen.",
    "Hulp bij schulden en geldzaken.",
    "Psychische klachten van een ouder.",
    "Zorgen over drank- of drugsgebruik thuis.",
    "Hulp bij de opvoeding.",
    "Er is een melding binnengekomen over huiselijk geweld.",
    "Een kind heeft extra begeleiding nodig.",
]
JOIN_REASONS = [
    "Melding van Veilig Thuis over huiselijk geweld.",
    "Zorgen over de directe veiligheid van de kinderen.",
    "Terugkerende incidenten; de veiligheid is niet stabiel.",
    "Verzoek van de politie na een incident thuis.",
]
END_REASONS = [
    "De hulp is afgerond.",
    "Het gezin krijgt nu hulp van een ander team.",
    "De veiligheid is stabiel; onze inzet stopt.",
    "Doorverwezen naar specialistische hulp.",
    "Het gezin wil deze hulp niet meer.",
]
LOCAL_EXPERTISE = ["Maatschappelijk werker", "Jeugd- en gezinswerker", "Gezinscoach"]
SAFETY_EXPERTISE = ["Veiligheidsexpert", "Gedragswetenschapper", "Casusregisseur"]
SUMMARIES = [
    "Er is veel ruzie thuis. De kinderen moeten zich veilig voelen. We maken samen afspraken.",
    "Het gezin heeft schulden en zoekt een vaste woning. We werken aan rust en overzicht.",
    "Een ouder heeft psychische klachten. We zorgen samen dat de kinderen goed verzorgd worden.",
    "Er zijn zorgen over de veiligheid van de kinderen. We werken aan stabiele veiligheid.",
    "Het gezin wil hulp bij de opvoeding en bij contact met school.",
    "Na de scheiding zoeken de ouders een goede regeling voor de kinderen.",
]
FINDINGS = [
    "Er is vaak harde ruzie tussen de ouders. De kinderen horen dat.",
    "Er is een incident geweest waarbij de politie kwam. Een kind was erbij.",
    "De ouders werken mee. Het netwerk helpt. Er zijn geen nieuwe incidenten.",
    "Een ouder drinkt veel. De kinderen zijn dan alleen thuis.",
]
ACTIONS_NOW = [
    "We maken deze week samen een veiligheidsplan.",
    "Een ouder logeert tijdelijk elders. Het netwerk houdt contact.",
    "Dagelijks contact met het gezin tot de volgende taxatie.",
    "We spreken het veiligheidsplan opnieuw door met het netwerk.",
]
PHASE_REASONS = {
    1: "De directe veiligheid moet eerst geregeld worden.",
    2: "De directe veiligheid is geregeld. We werken aan de risico's.",
    3: "Het is al een tijd veilig. We werken aan herstel.",
}
ACUTE_PHASE_REASON = "Acuut gevaar bij veiligheidstaxatie"
PLAN_CONCERNS = "Harde ruzies waar de kinderen bij zijn. De kinderen zijn bang als het onrustig is."
PLAN_GOAL = "De kinderen zijn thuis veilig en voelen zich veilig. Ruzies lopen niet uit de hand."
PLAN_SIGNALS = "Stemmen gaan omhoog, er wordt met deuren gegooid, een kind gaat naar zijn kamer."
AGREEMENTS = [
    "Bij oplopende ruzie gaat een ouder een half uur naar buiten.",
    "De kinderen mogen dan naar de buren; die bellen de hulpverlener als het vaker gebeurt.",
    "Er wordt thuis geen alcohol gedronken als de kinderen er zijn.",
    "Elke week is er een kort gesprek met de hulpverlener.",
    "De kinderen worden op tijd naar school gebracht.",
]
DECISIONS = [
    ("agreement", "Afspraken over rust in huis", "Bij ruzie neemt wie boos is een time-out."),
    ("referral", "Verwijzing naar gezinstherapie", "We stellen voor samen naar therapie te gaan."),
    ("referral", "Verwijzing naar schuldhulp", "We stellen voor een schuldhulptraject te starten."),
    ("safety_measure", "Tijdelijk elders wonen", "Een ouder woont tijdelijk elders, voor rust."),
    ("court_request", "Verzoek ondertoezichtstelling", "We vragen de rechter om een OTS."),
    ("other", "Extra begeleiding op school", "We vragen school om extra begeleiding."),
]
CLOSURE = ("closure", "Sluiten van het dossier", "Het gaat goed. We stellen voor te stoppen.")
VIEWS = [
    ("agree", "Ik vind het een goed plan."),
    ("partly", "Het is goed, maar ik wil er eerst nog over praten."),
    ("disagree", "Ik ben het hier niet mee eens. Het gaat al beter."),
]
COMPLAINTS = [
    "In het dossier staat niet goed wat ik heb verteld.",
    "Ik ben niet op tijd gebeld terwijl dat was afgesproken.",
    "De hulpverlener luisterde niet naar mij.",
]
COMPLAINT_ANSWER = "We hebben uw klacht besproken en passen onze werkwijze aan."
MEASURES = {
    "provisional_ots": "Artikel 1:257 BW",
    "ots": "Artikel 1:255 BW",
    "out_of_home": "Artikel 1:265b BW",
    "guardianship": "Artikel 1:266 BW",
    "restraining_order": "Wet tijdelijk huisverbod",
    "juvenile_probation": "Artikel 77aa Sr",
    "secure_care": "Artikel 6.1.2 Jeugdwet",
}
