"""What the import reads: Reframe's fields, the headings other tools give them, and their values.

One table per kind of knowledge, so adding a tool's heading or a status word is one line:
`FIELD_ALIASES` (column headings: Reframe's own first, then Huntr, Teal, Simplify,
LinkedIn's "Job Applications.csv", common spreadsheet templates, German, French and
Spanish basics), `STATUS_ALIASES`, `SOURCE_ALIASES` and `WORK_MODE_ALIASES` (cell values).
"""

from __future__ import annotations

import re
import unicodedata

from ..models import FitGap, RejectionStage, Source, Status, WorkMode

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 10_000
PREVIEW_ROWS = 10
EXPORT_CHUNK_SIZE = 500

# The columns the import reads, in the order of the template and the export.
IMPORT_COLUMNS = [
    "company",
    "role",
    "applied_on",
    "status",
    "link",
    "location",
    "work_mode",
    "source",
    "salary_min",
    "salary_max",
    "currency",
    "tags",
    "notes",
    "description",
    "contact_name",
    "contact_email",
    "screening_on",
    "interviewing_on",
    "offer_on",
    "rejected_on",
    "rejection_stage",
    "reason_given",
    "feedback",
    "fit_gap",
]
# Written by the export from the timeline and the interviews; the import recognises and
# skips them (the history column is read back when it is mapped).
EXPORT_ONLY_COLUMNS = ["ended_on", "history", "interviews"]
EXPORT_COLUMNS = IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS
# A date applied is needed on every row but a saved one's (checked row by row); the column
# itself is required so that a file of applications never loses its dates by accident.
REQUIRED_COLUMNS = ["company", "role", "applied_on"]
DATE_COLUMNS = ["applied_on", "screening_on", "interviewing_on", "offer_on", "rejected_on"]

# Fields a column can fill on the mapping page, with the words the page shows.
FIELD_LABELS = {
    "company": "Company",
    "role": "Role",
    "applied_on": "Date applied",
    "status": "Status",
    "link": "Link to the job ad",
    "location": "Location",
    "work_mode": "Work mode (on-site, hybrid, remote)",
    "source": "Where you found it",
    "salary": "Salary (a figure or a range)",
    "salary_min": "Salary, lowest",
    "salary_max": "Salary, highest",
    "currency": "Currency",
    "tags": "Tags",
    "notes": "Notes",
    "description": "Job description (the ad's text)",
    "contact_name": "Contact person",
    "contact_email": "Contact email",
    "screening_on": "Screening date",
    "interviewing_on": "Interview date",
    "offer_on": "Offer date",
    "rejected_on": "Date it ended",
    "rejection_stage": "Stage it ended at",
    "reason_given": "Reason given",
    "feedback": "Feedback received",
    "fit_gap": "What, if anything, was about the fit",
    "history": "Timeline (from a Reframe export)",
}
# "salary" is read into salary_min/max; it is never written back under that name. "history"
# is the export's timeline, read back entry by entry.
MAPPABLE_FIELDS = list(FIELD_LABELS)

# Headings for each field. The first group of each list is Reframe's own (its template,
# its export and the names it has always read); a file that uses only those skips the
# mapping step. Earlier entries win when two columns of a file claim one field.
OWN_ALIASES: dict[str, list[str]] = {
    "company": ["company"],
    "role": ["role", "role title", "job title"],
    "applied_on": ["applied on", "date applied"],
    "status": ["status"],
    "link": ["link", "job link", "url"],
    "location": ["location"],
    "work_mode": ["work mode"],
    "source": ["source"],
    "salary_min": ["salary min"],
    "salary_max": ["salary max"],
    "currency": ["currency"],
    "tags": ["tags"],
    "notes": ["notes"],
    "description": ["description", "job description"],
    "contact_name": ["contact name"],
    "contact_email": ["contact email"],
    "interviewing_on": ["interviewing on"],
    "rejected_on": ["rejected on", "rejection date"],
    "rejection_stage": ["rejection stage"],
    "reason_given": ["reason given"],
    "feedback": ["feedback"],
    "fit_gap": ["fit gap"],
}
OTHER_ALIASES: dict[str, list[str]] = {
    "company": [
        "company name",  # LinkedIn, Simplify, Huntr ("companyName")
        "employer",
        "organization",
        "organisation",
        "firma",
        "unternehmen",
        "arbeitgeber",
        "entreprise",
        "société",
        "societe",
        "empresa",
        "compañía",
        "compania",
    ],
    "role": [
        "title",  # Huntr, Simplify
        "position",  # Teal, Google Sheets templates
        "job position",
        "job",
        "job name",
        "stelle",
        "position stelle",
        "stellenbezeichnung",
        "jobtitel",
        "poste",
        "intitulé du poste",
        "puesto",
        "cargo",
        "título del puesto",
    ],
    "applied_on": [
        "application date",  # LinkedIn
        "applied date",
        "applied at",
        "applied",
        "date of application",
        "date",
        "bewerbungsdatum",
        "beworben am",
        "datum",
        "date de candidature",
        "date candidature",
        "fecha de solicitud",
        "fecha de aplicación",
        "fecha de postulación",
        "fecha",
        "created at",  # Huntr's createdAt: when the job was added, the best it has
        "date created",
        "date saved",  # Teal
    ],
    "status": ["stage", "list", "state", "application status", "estado", "statut", "stand"],
    "link": [
        "job url",  # LinkedIn, Teal
        "job posting url",
        "posting url",
        "job link url",
        "website",
        "lien",
        "enlace",
        "stellenanzeige",
    ],
    "location": ["city", "ort", "arbeitsort", "standort", "lieu", "ville", "ubicación", "ciudad"],
    "work_mode": [
        "remote",
        "workplace type",
        "remote type",
        "arbeitsmodell",
        "mode de travail",
        "modalidad",
    ],
    "source": [
        "found on",
        "found via",
        "job board",
        "board",
        "channel",
        "quelle",
        "kanal",
        "origine",
        "fuente",
    ],
    "salary": [
        "salary",
        "salary range",
        "compensation",
        "pay",
        "gehalt",
        "gehaltsvorstellung",
        "salaire",
        "salario",
        "sueldo",
    ],
    "salary_min": ["min salary", "minimum salary", "salary from"],
    "salary_max": ["max salary", "maximum salary", "salary to"],
    "currency": ["salary currency", "währung", "devise", "moneda"],
    "tags": ["labels", "tag", "keywords", "schlagworte", "étiquettes", "etiquetas"],
    "notes": [
        "note",
        "comments",
        "comment",
        "notizen",
        "bemerkungen",
        "bemerkung",
        "kommentar",
        "remarques",
        "commentaires",
        "notas",
        "comentarios",
    ],
    "description": [
        "job ad",
        "job ad text",
        "job posting",
        "posting",
        "job details",
        "stellenbeschreibung",
        "stellenanzeige text",
        "description du poste",
        "descripción del puesto",
        "descripción",
    ],
    "contact_name": [
        "contact",
        "contact person",
        "recruiter",
        "recruiter name",
        "hiring manager",
        "ansprechpartner",
        "ansprechpartnerin",
        "kontakt",
        "personne de contact",
        "contacto",
    ],
    "contact_email": ["email", "e mail", "recruiter email", "contact e mail", "correo"],
    "interviewing_on": [
        "interview date",
        "interview",
        "first interview",
        "interview on",
        "vorstellungsgespräch",
        "gesprächstermin",
        "date d'entretien",
        "entretien",
        "fecha de entrevista",
        "entrevista",
    ],
    "rejected_on": [
        "rejected at",
        "date rejected",
        "ended on",
        "absage am",
        "datum absage",
        "date de refus",
        "fecha de rechazo",
    ],
    "rejection_stage": ["stage ended", "ended at stage"],
    "reason_given": ["rejection reason", "reason", "grund", "absagegrund", "motif", "motivo"],
    "feedback": ["feedback received", "rückmeldung", "retour", "comentarios recibidos"],
}


def header_key(text: str) -> str:
    """Headings compared ignoring case, accents' spacing, camelCase, '_', '-', '.' and '*'.

    "companyName", "Company_Name" and " company name* " are all "company name".
    """
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"[_\-.*:/()#]+", " ", text)
    return " ".join(text.split()).casefold()


def value_key(text: str) -> str:
    """Cell values compared by their letters and digits only ("No Response 🔇" == "no response")."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("_", " ").replace("-", " ")
    return " ".join("".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text).split())


def _alias_table(aliases: dict[str, list[str]]) -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for field, names in aliases.items():
        for rank, name in enumerate(names):
            table.setdefault(header_key(name), (field, rank))
    return table


OWN_HEADERS = _alias_table(OWN_ALIASES) | {
    header_key(name): (name, 0) for name in IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS
}
OTHER_HEADERS = _alias_table(OTHER_ALIASES)


def guess_field(heading: str) -> tuple[str, int, bool] | None:
    """(field, rank, is_reframes_own_name) for a heading, or None when it is not known."""
    key = header_key(heading)
    if key in OWN_HEADERS:
        field, rank = OWN_HEADERS[key]
        return field, rank, True
    if key in OTHER_HEADERS:
        field, rank = OTHER_HEADERS[key]
        return field, 100 + rank, False
    return None


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[value_key(value)] = value
        lookup[value_key(label)] = value
    return lookup


# Reframe's own values and labels: read without asking.
STATUS_LOOKUP = _choice_lookup(Status)
SOURCE_LOOKUP = _choice_lookup(Source)
# Files exported before silence and an early "no" were told apart say "No reply to the
# application"; the row's status decides which of the two it was (see checking).
STAGE_LOOKUP = _choice_lookup(RejectionStage) | {
    value_key("No reply to the application"): RejectionStage.NO_REPLY
}
WORK_MODE_LOOKUP = _choice_lookup(WorkMode)
FIT_GAP_LOOKUP = _choice_lookup(FitGap)

# Other tools' words, offered as the pre-selected answer on the mapping page. A job only
# bookmarked (Huntr's "Wishlist", Teal's "Bookmarked") is saved: not sent yet.
STATUS_ALIASES = {
    value_key(word): status
    for status, words in {
        Status.SAVED: [
            "wishlist",
            "applying",  # Teal: being prepared, not sent yet
            "wish list",
            "bookmarked",
            "bookmark",
            "to apply",
            "not applied",
            "not yet applied",
            "interested",
            "gemerkt",
            "merkliste",
            "noch nicht beworben",
            "à postuler",
            "sauvegardée",
            "guardado",
            "por aplicar",
        ],
        Status.APPLIED: [
            "submitted",
            "application submitted",
            "sent",
            "open",
            "beworben",
            "gesendet",
            "offen",
            "candidature envoyée",
            "postulé",
            "envoyée",
            "aplicado",
            "postulado",
            "enviada",
            "enviado",
        ],
        Status.SCREENING: [
            "phone screen",
            "screen",
            "screening call",
            "recruiter call",
            "in review",
            "under review",
            "telefoninterview",
            "in prüfung",
            "présélection",
            "preselección",
        ],
        Status.INTERVIEWING: [
            "interview",
            "interviews",
            "interview scheduled",
            "onsite",
            "final round",
            "vorstellungsgespräch",
            "interview geplant",
            "entretien",
            "entrevista",
        ],
        Status.OFFER: [
            "offer received",
            "offered",
            "negotiating",
            "negotiation",
            "angebot",
            "zusage",
            "offre",
            "oferta",
        ],
        Status.ACCEPTED: ["hired", "offer accepted", "angenommen", "eingestellt", "acceptée"],
        Status.REJECTED: [
            "not selected",
            "declined by company",
            "rejection",
            "turned down",
            "absage",
            "abgelehnt",
            "refus",
            "refusé",
            "refusée",
            "rechazado",
            "rechazada",
        ],
        Status.WITHDRAWN: [
            "i withdrew",
            "withdrew",
            "archived",
            "not interested",
            "zurückgezogen",
            "retirée",
            "retirado",
        ],
        Status.NO_RESPONSE: [
            "ghosted",
            "no reply",
            "no answer",
            "keine antwort",
            "keine rückmeldung",
            "sans réponse",
            "pas de réponse",
            "sin respuesta",
        ],
    }.items()
    for word in words
}
SOURCE_ALIASES = {
    value_key(word): source
    for source, words in {
        Source.JOB_BOARD: [
            "linkedin",
            "linkedin easy apply",
            "indeed",
            "glassdoor",
            "monster",
            "stepstone",
            "xing",
            "ziprecruiter",
            "dice",
            "wellfound",
            "angellist",
            "otta",
            "welcome to the jungle",
            "simplify",
            "handshake",
            "hired",
            "jobboard",
            "job site",
            "jobbörse",
            "arbeitsagentur",
            "pôle emploi",
            "france travail",
            "infojobs",
        ],
        Source.COMPANY_SITE: [
            "company website",
            "company page",
            "careers page",
            "career page",
            "careers site",
            "website",
            "direct",
            "karriereseite",
            "firmenwebseite",
            "unternehmenswebsite",
            "site de l'entreprise",
            "web de la empresa",
        ],
        Source.REFERRAL: ["referred", "referral from a friend", "empfehlung", "recommandation"],
        Source.RECRUITER: [
            "agency",
            "recruitment agency",
            "headhunter",
            "recruiter reached out",
            "personalvermittlung",
            "personalvermittler",
            "cabinet",
            "reclutador",
        ],
        Source.NETWORK: [
            "networking",
            "friend",
            "former colleague",
            "meetup",
            "netzwerk",
            "réseau",
            "red de contactos",
        ],
        Source.OTHER: ["sonstiges", "autre", "otro", "unknown"],
    }.items()
    for word in words
}
WORK_MODE_ALIASES = {
    value_key(word): mode
    for mode, words in {
        WorkMode.ONSITE: [
            "on site",
            "onsite",
            "in office",
            "office",
            "in person",
            "vor ort",
            "präsenz",
            "présentiel",
            "sur site",
            "presencial",
        ],
        WorkMode.HYBRID: ["hybrid", "hybride", "híbrido", "hibrido", "teilweise remote"],
        WorkMode.REMOTE: [
            "remote",
            "fully remote",
            "remote only",
            "yes",
            "homeoffice",
            "home office",
            "télétravail",
            "remoto",
            "teletrabajo",
        ],
    }.items()
    for word in words
}

# Cells that people fill with these mean "nothing here".
PLACEHOLDERS = frozenset({"-", "--", "–", "—", "n/a", "na", "n.a.", "none", "null", "/", "?"})


def column_title(name: str) -> str:
    return name.replace("_", " ")


# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MAX_LENGTHS = {
    "company": 200,
    "role": 200,
    "link": 1000,
    "location": 200,
    "notes": 10000,
    "description": 20000,
    "tags": 300,
    "contact_name": 200,
    "contact_email": 254,
    "reason_given": 5000,
    "feedback": 10000,
}
