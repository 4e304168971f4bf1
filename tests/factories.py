"""Factories for tests. Dossiers are opened through the services, so every rule applies."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from households.models import Household, Member, NetworkContact


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "GM0344"
    name = "Utrecht"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Buurtteam {n}")
    kind = Organisation.Kind.LOCAL_TEAM

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted if extracted is not None else [MunicipalityFactory()])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.PROFESSIONAL
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("secret-pass-123")


class SafetyUserFactory(UserFactory):
    role = User.Role.SAFETY_PROFESSIONAL
    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"Veiligheidsteam {n}"),
        kind=Organisation.Kind.SAFETY_TEAM,
    )


class SpecialistFactory(UserFactory):
    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"GGZ {n}"),
        kind=Organisation.Kind.SPECIALIST,
    )


class FamilyUserFactory(UserFactory):
    role = User.Role.FAMILY
    organisation = None


class AnalystFactory(UserFactory):
    role = User.Role.ANALYST
    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"Gemeente {n}"),
        kind=Organisation.Kind.MUNICIPALITY,
    )


class ComplaintsOfficerFactory(UserFactory):
    """Pass `organisation=`: the officer handles the complaints about that organisation."""

    role = User.Role.COMPLAINTS_OFFICER


class PrivacyOfficerFactory(UserFactory):
    role = User.Role.PRIVACY_OFFICER
    organisation = None


class AdministratorFactory(UserFactory):
    role = User.Role.ADMINISTRATOR
    organisation = None
    is_staff = True
    is_superuser = True


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    label = factory.Sequence(lambda n: f"Huishouden {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


def years_ago(years: int, days: int = 10) -> datetime.date:
    today = timezone.localdate() - datetime.timedelta(days=days)
    return today.replace(year=today.year - years)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    first_name = factory.Sequence(lambda n: f"Lid{n}")
    last_name = "Tester"
    date_of_birth = factory.LazyFunction(lambda: years_ago(40))
    role = Member.Role.PARENT


class NetworkContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkContact

    household = factory.SubFactory(HouseholdFactory)
    name = "Tante Els"
    relation = "tante"


def open_dossier(*, lead: User | None = None, household: Household | None = None, members=2):
    """A household with members and an open dossier led by `lead`."""
    from casefile import services

    lead = lead or UserFactory()
    if household is None:
        household = HouseholdFactory(municipality=lead.organisation.municipalities.first())
        for i in range(members):
            MemberFactory(household=household, date_of_birth=years_ago(40 - i * 25 if i < 2 else 5))
    return services.dossier_open(actor=lead, household=household, summary="Samenvatting")
