"""What `run.py` measures, and the target of each figure (issue 12), plus the seeded objects
it measures them on. Change the lists here; measuring and reporting follow."""

from __future__ import annotations

from dataclasses import dataclass, field

LOGINS = {  # role in this benchmark → seeded username (manage.py seed_scale)
    "lead": "lead0001",
    "safety": "safety0001",
    "family": "family000001-1",
    "analyst": "analyst0001",
}

# How a household search is asked, per channel: never with the name in a URL (DESIGN §5).
SEARCH = {
    "page": ("POST", "/zoeken/", "form"),
    "api": ("POST", "/api/v1/households/search/", "json"),
}
SEARCH_PARAMS = {"name": "{search_name}", "birth_date": "{search_birth_date}"}

# Targets as a ratio of p50 to the floor's p50 (issue 12, "Meet these targets").
DOSSIER_PAGE, LIST, FAMILY, API, SEARCH_TARGET, REPORT = 4, 3, 4, 2, 2, 10


@dataclass
class Endpoint:
    key: str
    label: str
    login: str  # a key of LOGINS; with token=True the API token of that user
    method: str
    path: str  # may hold {dossier}, {write_dossier}
    shape: str = "none"  # "none", "query", "form", "json": how `params` are sent
    params: dict = field(default_factory=dict)
    token: bool = False
    optional: bool = False  # a page that may not exist yet: a 404 skips it
    target: float | None = None  # at most this many times the floor (p50); None: no target
    # A request made once before measuring, in a session of its own (e.g. the list's name
    # filter, which is a POST kept in the session): (method, path, shape, params).
    setup: tuple | None = None
    expected: int = 200  # the status of a good answer


def _get(key, label, login, path, target, **options) -> Endpoint:
    return Endpoint(key, label, login, "GET", path, target=target, **options)


ENDPOINTS = [
    # No target: what being signed in costs on its own (session, user, second factor, the
    # middleware), a page that shows no dossier. Every page below pays it.
    _get("signed_in", "a signed-in page without a dossier", "lead", "/accounts/tokens/", None),
    _get("dossiers_lead", "/dossiers/ for a lead", "lead", "/dossiers/", LIST),
    _get("dossiers_lead_phase", "/dossiers/?phase=2, lead", "lead", "/dossiers/?phase=2", LIST),
    _get(
        "dossiers_lead_name",
        "/dossiers/ by name, lead",
        "lead",
        "/dossiers/",
        LIST,
        setup=("POST", "/dossiers/", "form", {"name": "{list_name}"}),
    ),
    _get("dossiers_safety", "/dossiers/ for the safety worker", "safety", "/dossiers/", LIST),
    _get(
        "dossiers_safety_phase",
        "/dossiers/?phase=1, safety worker",
        "safety",
        "/dossiers/?phase=1",
        LIST,
    ),
    _get(
        "dossiers_safety_name",
        "/dossiers/ by name, safety worker",
        "safety",
        "/dossiers/",
        LIST,
        setup=("POST", "/dossiers/", "form", {"name": "{list_name}"}),
    ),
    _get("dossier_page", "dossier page, 200 entries", "lead", "/dossiers/{dossier}/", DOSSIER_PAGE),
    _get("family_home", "/mijn-dossier/ (family)", "family", "/mijn-dossier/", FAMILY),
    _get("api_list_lead", "API dossier list, lead", "lead", "/api/v1/dossiers/", API, token=True),
    _get(
        "api_list_safety",
        "API dossier list, safety worker",
        "safety",
        "/api/v1/dossiers/",
        API,
        token=True,
    ),
    _get(
        "api_detail", "API dossier detail", "lead", "/api/v1/dossiers/{dossier}/", API, token=True
    ),
    _get(
        "api_entries",
        "API dossier entries",
        "lead",
        "/api/v1/dossiers/{dossier}/entries/",
        API,
        token=True,
    ),
    Endpoint(
        "search_page",
        "household search (page)",
        "safety",
        *SEARCH["page"],
        SEARCH_PARAMS,
        target=SEARCH_TARGET,
    ),
    Endpoint(
        "search_api",
        "household search (API)",
        "safety",
        *SEARCH["api"],
        SEARCH_PARAMS,
        token=True,
        target=SEARCH_TARGET,
    ),
    _get("report_page", "municipality report page", "analyst", "/rapportages/", REPORT),
    _get(
        "report_api",
        "municipality report (API)",
        "analyst",
        "/api/v1/reports/municipality/",
        REPORT,
        token=True,
    ),
    Endpoint(
        "api_post_entry",
        "API POST entry",
        "lead",
        "POST",
        "/api/v1/dossiers/{write_dossier}/entries/",
        "json",
        {"text": "Korte notitie van de benchmark."},
        token=True,
        expected=201,
    ),
    # Documents have no page of their own: they are a section of the dossier page, measured
    # with it. Tasks have one.
    _get("tasks_page", "tasks page", "lead", "/dossiers/{dossier}/taken/", LIST, optional=True),
    _get(
        "tasks_api",
        "API tasks",
        "lead",
        "/api/v1/dossiers/{dossier}/tasks/",
        API,
        token=True,
        optional=True,
    ),
    _get(
        "documents_api",
        "API documents",
        "lead",
        "/api/v1/dossiers/{dossier}/documents/",
        API,
        token=True,
        optional=True,
    ),
]
FLOOR = Endpoint("floor", "sign-in page (floor)", "", "GET", "/accounts/login/")

THROUGHPUT = "api_list_safety"
CONCURRENCY = (1, 4, 16)
THROUGHPUT_TARGET = 62  # requests a second at 16 clients: twice the 31 of issue 12
WRITE_TARGET = 2  # the audited entry write, at most this many times a plain insert
POST_QUERIES_TARGET = 8  # statements of one API POST entry
PDF_MS_PER_PAGE, PDF_150_PAGES_SECONDS, PDF_MB = 100, 15, 400


def second_factor_codes(username: str) -> list[str]:
    """Seeded staff have no authenticator app: enrol them here and hand out two recovery codes
    (one for the session's second step, one for the API token). Families need none."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accounts.models import User
    from accounts.second_factor import second_factor_demo_device

    user = User.objects.get(username=username)
    if not user.needs_second_factor:
        return []
    second_factor_demo_device(user=user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(2)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def find_targets() -> dict:
    """The seeded showcase (lead0001's dossier with 200 entries), a second dossier of lead0001
    for the writes, a member to search for and a name to filter the lists by."""
    from scale.schema import Dossier

    showcase = Dossier.objects.filter(household__members__user__username=LOGINS["family"]).first()
    if showcase is None:
        raise SystemExit("No seed_scale world here: run manage.py seed_scale first.")
    write = (
        Dossier.objects.filter(lead__username=LOGINS["lead"], status=Dossier.Status.OPEN)
        .exclude(pk=showcase.pk)
        .order_by("opened_at")
        .first()
    ) or showcase
    member = showcase.household.members.filter(left_on__isnull=True).order_by("pk").first()
    return {
        "dossier": str(showcase.pk),
        "write_dossier": str(write.pk),
        "search_name": f"{member.first_name} {member.last_name}",
        "search_birth_date": member.date_of_birth.isoformat(),
        "list_name": member.last_name[:4],
        "showcase_entries": showcase.entries.count(),
    }
