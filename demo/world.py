"""The demo world of DESIGN §6. Built through the services, so it obeys every rule and is audited.

Each part checks whether it is already there, so loading twice changes nothing but passwords.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from accounts.second_factor import second_factor_demo_device
from accounts.services import administrator_rights_grant
from casefile import access, services
from casefile.models import Dossier, Entry
from households.models import Household, Member
from households.services import MemberData

from . import agenda as demo_agenda
from . import documents as demo_documents
from . import officers as demo_officers
from . import procedures as demo_procedures
from . import safety as demo_safety

DEMO_USERNAMES = (
    "anna",
    "bram",
    "sara",
    "pieter.jansen",
    "lisa.jansen",
    "gemeente.utrecht",
    "beheer",
    "gijs",
    "klachten",
    "privacy",
)
DEMO_HOUSEHOLDS = ("Jansen", "Bakker", "De Vries")


def born(age: int, days_since_birthday: int = 45) -> datetime.date:
    """A birth date that makes someone exactly `age` today."""
    today = timezone.localdate()
    birthday_this_year = today - datetime.timedelta(days=days_since_birthday)
    try:
        return birthday_this_year.replace(year=birthday_this_year.year - age)
    except ValueError:  # 29 February in a year without one
        return birthday_this_year.replace(year=birthday_this_year.year - age, day=28)


def exactly_100_today() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - 100)
    except ValueError:
        return today.replace(year=today.year - 100, day=28)


def other_data_present() -> bool:
    """True when the database holds people or households that are not the demo's."""
    return (
        User.objects.exclude(username__in=DEMO_USERNAMES).exists()
        or Household.objects.exclude(label__in=DEMO_HOUSEHOLDS).exists()
    )


def totp_uris() -> dict[str, str]:
    """Each demo user's otpauth:// URI (it holds the TOTP secret), for an authenticator app."""
    users = User.objects.filter(username__in=DEMO_USERNAMES).order_by("username")
    return {
        user.username: second_factor_demo_device(user=user).config_url
        for user in users
        if user.needs_second_factor
    }


def is_loaded() -> bool:
    return Dossier.objects.filter(household__label="Jansen").exists()


@transaction.atomic
def load(password: str) -> None:
    organisations = _organisations()
    users = _users(organisations, password)
    for user in users.values():
        if user.needs_second_factor:
            second_factor_demo_device(user=user)
    if not is_loaded():
        _households(users)
    # Later parts of the product add their demo content here; each is idempotent.
    _extensions(users)


def _organisations() -> dict[str, Organisation]:
    utrecht, _ = Municipality.objects.get_or_create(code="GM0344", defaults={"name": "Utrecht"})
    amersfoort, _ = Municipality.objects.get_or_create(
        code="GM0307", defaults={"name": "Amersfoort"}
    )
    hilversum, _ = Municipality.objects.get_or_create(code="GM0402", defaults={"name": "Hilversum"})
    specs = {
        "buurtteam": ("Buurtteam Utrecht Noordoost", Organisation.Kind.LOCAL_TEAM, [utrecht]),
        "wijkteam": ("Wijkteam Amersfoort", Organisation.Kind.LOCAL_TEAM, [amersfoort]),
        "rvt": (
            "Regionaal Veiligheidsteam Utrecht",
            Organisation.Kind.SAFETY_TEAM,
            [utrecht, amersfoort],
        ),
        "gemeente": ("Gemeente Utrecht", Organisation.Kind.MUNICIPALITY, [utrecht]),
        # A safety team of another region: it finds nothing in Utrecht or Amersfoort (R14).
        "gooi": (
            "Veiligheidsteam Gooi en Vechtstreek",
            Organisation.Kind.SAFETY_TEAM,
            [hilversum],
        ),
    }
    organisations = {}
    for key, (name, kind, municipalities) in specs.items():
        organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
        organisation.municipalities.add(*municipalities)
        organisations[key] = organisation
    return organisations


def _users(organisations: dict[str, Organisation], password: str) -> dict[str, User]:
    Role = User.Role
    specs = {
        "anna": ("Anna", "de Boer", Role.PROFESSIONAL, "buurtteam"),
        "bram": ("Bram", "Visser", Role.PROFESSIONAL, "wijkteam"),
        "sara": ("Sara", "El Amrani", Role.SAFETY_PROFESSIONAL, "rvt"),
        "pieter.jansen": ("Pieter", "Jansen", Role.FAMILY, None),
        "lisa.jansen": ("Lisa", "Jansen", Role.FAMILY, None),
        "gemeente.utrecht": ("Femke", "Smit", Role.ANALYST, "gemeente"),
        "beheer": ("Bert", "Beheer", Role.ADMINISTRATOR, None),
        "gijs": ("Gijs", "Hoekstra", Role.SAFETY_PROFESSIONAL, "gooi"),
        "klachten": ("Karin", "Klaassen", Role.COMPLAINTS_OFFICER, "buurtteam"),
        "privacy": ("Priya", "Ramdin", Role.PRIVACY_OFFICER, None),
    }
    users = {}
    for username, (first, last, role, organisation_key) in specs.items():
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "organisation": organisations.get(organisation_key),
                "email": f"{username}@example.org",
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users[username] = user
    # The functional administrator manages accounts and organisations, nothing else.
    beheer = users["beheer"]
    beheer.is_staff = True
    beheer.save(update_fields=["is_staff"])
    administrator_rights_grant(beheer)
    return users


def _households(users: dict[str, User]) -> None:
    utrecht = Municipality.objects.get(code="GM0344")
    amersfoort = Municipality.objects.get(code="GM0307")
    anna, bram = users["anna"], users["bram"]
    Role = Member.Role

    d_jansen = services.household_register(
        actor=anna,
        label="Jansen",
        municipality=utrecht,
        street_address="Biltstraat 120",
        postcode="3572 BK",
        city="Utrecht",
        summary=(
            "Er is veel ruzie thuis. Lisa en Daan moeten zich veilig voelen. "
            "We maken samen afspraken over veiligheid en rust in huis."
        ),
        members=[
            MemberData("Pieter", "Jansen", born(41, 80), Role.PARENT),
            MemberData("Mirjam", "Jansen", born(38, 200), Role.PARENT),
            MemberData("Lisa", "Jansen", born(14, 30), Role.CHILD),
            MemberData("Daan", "Jansen", born(3, 120), Role.CHILD),
            MemberData("Kees", "Jansen", born(84, 10), Role.GRANDPARENT),
        ],
    )
    d_bakker = services.household_register(
        actor=anna,
        label="Bakker",
        municipality=utrecht,
        street_address="",
        confidential_address=True,
        summary="Fatima woont met baby Noor en oma Riet in de opvang. We zoeken samen een vaste woning.",
        members=[
            MemberData("Fatima", "Bakker", born(29, 150), Role.PARENT),
            MemberData("Noor", "Bakker", born(0, 60), Role.CHILD),
            MemberData("Riet", "Bakker", exactly_100_today(), Role.GRANDPARENT),
        ],
    )
    d_de_vries = services.household_register(
        actor=bram,
        label="De Vries",
        municipality=amersfoort,
        street_address="Kampstraat 7",
        postcode="3811 KD",
        city="Amersfoort",
        summary="Johan zorgt alleen voor Sanne en Tom. Er is een ondertoezichtstelling voor Tom.",
        members=[
            MemberData("Johan", "de Vries", born(52, 100), Role.PARENT),
            MemberData("Sanne", "de Vries", born(17, 20), Role.CHILD),
            MemberData("Tom", "de Vries", born(9, 90), Role.CHILD),
        ],
    )
    jansen, bakker, de_vries = d_jansen.household, d_bakker.household, d_de_vries.household
    for username, first_name in (("pieter.jansen", "Pieter"), ("lisa.jansen", "Lisa")):
        member = Member.objects.get(household=jansen, first_name=first_name)
        services.member_account_link(actor=anna, member=member, user=users[username])

    members = {
        m.first_name: m for m in Member.objects.filter(household__in=[jansen, bakker, de_vries])
    }
    notes = [
        (
            d_jansen,
            anna,
            "Kennismaking thuis met Pieter en Mirjam. We spraken over de ruzies en wat zij willen veranderen.",
            [],
            "",
        ),
        (
            d_jansen,
            anna,
            "Gesprek met Lisa op school. Lisa wil graag dat het thuis rustiger wordt.",
            ["Lisa"],
            "",
        ),
        (
            d_jansen,
            anna,
            "De huisarts meldt zorgen over de veiligheid van Daan. De melder wil niet dat de familie weet wie dit meldde.",
            ["Daan"],
            Entry.WithheldReason.THIRD_PARTY_PRIVACY,
        ),
        (
            d_jansen,
            anna,
            "Opa Kees past twee middagen per week op Daan. Dat geeft Mirjam rust.",
            ["Kees", "Daan"],
            "",
        ),
        (
            d_bakker,
            anna,
            "Fatima en Noor wonen sinds deze maand in de opvang. Noor groeit goed.",
            ["Fatima", "Noor"],
            "",
        ),
        (
            d_bakker,
            anna,
            "Afspraak gemaakt met de woningcorporatie over een urgentieverklaring.",
            [],
            "",
        ),
        (d_bakker, anna, "Oma Riet heeft thuiszorg nodig. Aanvraag is gedaan.", ["Riet"], ""),
        (
            d_de_vries,
            bram,
            "Huisbezoek bij Johan. Sanne doet eindexamen, Tom gaat naar een nieuwe school.",
            [],
            "",
        ),
        (
            d_de_vries,
            bram,
            "Overleg met de jeugdbeschermer over de ondertoezichtstelling van Tom.",
            ["Tom"],
            "",
        ),
    ]
    for dossier, author, text, about, withheld in notes:
        services.entry_add(
            actor=author,
            dossier=dossier,
            text=text,
            visibility=Entry.Visibility.WITHHELD if withheld else Entry.Visibility.FAMILY,
            withheld_reason=withheld,
            about_members=[members[name] for name in about],
        )
    for dossier in (d_jansen, d_bakker, d_de_vries):
        access.dossier_sync(dossier)
    _give_history({d_jansen: 70, d_bakker: 120, d_de_vries: 200})


def _give_history(opened_days_ago: dict[Dossier, int]) -> None:
    """Date the demo's dossiers and leads back over past weeks, so the lists read like real ones.

    Only made-up history is moved (no one made these changes, so they are not audit events).
    Entries keep the moment they were written: the database refuses to change them (R8, R12).
    """
    now = timezone.now()
    for dossier, days in opened_days_ago.items():
        opened = now - datetime.timedelta(days=days)
        Dossier.objects.filter(pk=dossier.pk).update(opened_at=opened)
        dossier.involvements.filter(kind="lead").update(started_at=opened)


def _extensions(users: dict[str, User]) -> None:
    """Demo content of the other parts of the product; each call is idempotent on its own."""
    demo_procedures.load(users)
    demo_safety.load(users)
    demo_officers.load(users)
    demo_agenda.load(users)
    demo_documents.load(users)
