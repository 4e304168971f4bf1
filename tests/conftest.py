from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, TransactionTestCase
from django.test.client import ClientMixin

from casefile import services
from config.celery import app as celery_app

from .factories import (
    AdministratorFactory,
    AnalystFactory,
    ComplaintsOfficerFactory,
    FamilyUserFactory,
    MemberFactory,
    PrivacyOfficerFactory,
    SafetyUserFactory,
    UserFactory,
    open_dossier,
    years_ago,
)
from .otp import second_factor_given


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process():
    # Tests run tasks in-process even when REDIS_URL points at a real broker.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True, scope="session")
def _flush_past_guards():
    """Guarded tables refuse DELETE (R12, core/db.py). PostgreSQL's flush uses TRUNCATE, which
    the triggers allow; SQLite's deletes row by row, so a transactional test (browser tests)
    lifts the triggers for the flush and puts them back after."""
    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        if connection.vendor != "sqlite":
            return original(self)
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            return original(self)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture(autouse=True)
def _content_types_from_the_database():
    """A test that flushes inside its transaction (seed_scale --force on PostgreSQL) caches
    content types whose rows the rollback takes away; the next test would look up stale ids."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def _documents_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(autouse=True)
def _fast_tests(settings, _documents_dir):
    from django.core.cache import cache

    # Sign-in counts (django-axes) live in the database, which each test rolls back or flushes.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No collectstatic in tests: serve plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Documents (docs/documents.md) go to a temporary directory, never into the worktree.
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": _documents_dir},
        },
    }


@pytest.fixture(autouse=True, scope="session")
def _test_client_sign_in_includes_the_second_factor():
    """`client.force_login(user)` and `client.login(...)` stand for a completed sign-in: for
    staff that includes the TOTP code. Tests of the second step sign in through the forms."""
    sign_in = ClientMixin._login

    def sign_in_verified(self, user, backend=None):
        sign_in(self, user, backend)
        if user.needs_second_factor:
            second_factor_given(self, user)

    # For the whole session: module-scoped worlds sign in before any function fixture runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ClientMixin, "_login", sign_in_verified)
        yield


class World:
    """A dossier and one user for every relation to it that access tests care about."""

    def __init__(self):
        self.lead = UserFactory(username="lead")
        self.dossier = open_dossier(lead=self.lead, members=0)
        household = self.dossier.household
        self.parent = MemberFactory(
            household=household, first_name="Ouder", date_of_birth=years_ago(40)
        )
        self.teen = MemberFactory(
            household=household, first_name="Tiener", date_of_birth=years_ago(14)
        )
        self.child = MemberFactory(
            household=household, first_name="Kind", date_of_birth=years_ago(8)
        )
        self.involved = UserFactory(username="involved")
        self.involvement = services.involvement_add(
            actor=self.lead,
            dossier=self.dossier,
            professional=self.involved,
            expertise="GGZ",
            reason="Zorgen over ouder",
        )
        self.ended = UserFactory(username="ended")
        ended = services.involvement_add(
            actor=self.lead,
            dossier=self.dossier,
            professional=self.ended,
            expertise="Schuldhulp",
            reason="Schulden",
        )
        services.involvement_end(actor=self.ended, involvement=ended, reason="Klaar")
        self.outsider = UserFactory(username="outsider")
        self.safety = SafetyUserFactory(username="safety")
        self.family = FamilyUserFactory(username="family")
        self.parent.user = self.family
        self.parent.save()
        from casefile import access

        access.dossier_sync(self.dossier)
        self.analyst = AnalystFactory(username="analyst")
        self.administrator = AdministratorFactory(username="administrator")
        # R10, R15: the lead's organisation has a complaints officer; one privacy officer.
        self.complaints_officer = ComplaintsOfficerFactory(
            username="complaints", organisation=self.lead.organisation
        )
        self.privacy_officer = PrivacyOfficerFactory(username="privacy")

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
