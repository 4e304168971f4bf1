"""The demo world of DESIGN §6 and the done-when scenario of the foundation."""

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from casefile.models import Dossier, Entry
from households.models import Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", password="demo-pass")


def signed_in(username):
    client = Client()
    assert client.login(request=HttpRequest(), username=username, password="demo-pass")
    return client


def test_the_demo_world_is_as_designed(demo):
    assert set(User.objects.values_list("username", flat=True)) >= {
        "anna",
        "bram",
        "sara",
        "pieter.jansen",
        "lisa.jansen",
        "gemeente.utrecht",
        "beheer",
    }
    ages = {m.first_name: m.age() for m in Member.objects.all()}
    assert ages == {
        "Pieter": 41,
        "Mirjam": 38,
        "Lisa": 14,
        "Daan": 3,
        "Kees": 84,
        "Fatima": 29,
        "Noor": 0,
        "Riet": 100,
        "Johan": 52,
        "Sanne": 17,
        "Tom": 9,
    }
    leads = dict(Dossier.objects.values_list("household__label", "lead__username"))
    assert leads == {"Jansen": "anna", "Bakker": "anna", "De Vries": "bram"}
    jansen = Dossier.objects.get(household__label="Jansen")
    # One withheld note; the withheld Veilig Thuis report adds a withheld line of its own.
    withheld = jansen.entries.filter(visibility=Entry.Visibility.WITHHELD)
    assert withheld.exclude(kind=Entry.Kind.EVENT).count() == 1
    assert jansen.entries.filter(visibility=Entry.Visibility.FAMILY, kind=Entry.Kind.NOTE).exists()
    assert not User.objects.get(username="sara").involvements.exists()
    assert Member.objects.get(first_name="Pieter").user.username == "pieter.jansen"
    assert Member.objects.get(first_name="Lisa").user.username == "lisa.jansen"


def test_loading_twice_changes_nothing(demo):
    counts = (User.objects.count(), Dossier.objects.count(), Entry.objects.count())
    call_command("load_demo", password="demo-pass")
    assert (User.objects.count(), Dossier.objects.count(), Entry.objects.count()) == counts


def test_it_refuses_a_database_with_other_data():
    UserFactory(username="someone.real")
    with pytest.raises(CommandError):
        call_command("load_demo", password="x")
    call_command("load_demo", password="x", if_empty=True)  # skips quietly
    assert not Dossier.objects.exists()


def test_foundation_done_when(demo, django_capture_on_commit_callbacks, mailoutbox):
    anna = signed_in("anna")
    page = anna.get(reverse("workspace:dossier-list")).content.decode()
    assert "Jansen" in page and "Bakker" in page and "De Vries" not in page
    de_vries = Dossier.objects.get(household__label="De Vries")
    assert anna.get(reverse("workspace:dossier-detail", args=[de_vries.pk])).status_code == 404

    jansen = Dossier.objects.get(household__label="Jansen")
    sara = User.objects.get(username="sara")
    with django_capture_on_commit_callbacks(execute=True):
        response = anna.post(
            reverse("workspace:involvement-create", args=[jansen.pk]),
            {"professional": sara.pk, "expertise": "Veiligheid", "reason": "Zorgen over Daan"},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["sara@example.org"]]

    assert (
        signed_in("sara").get(reverse("workspace:dossier-detail", args=[jansen.pk])).status_code
        == 200
    )
    jansen.refresh_from_db()
    assert jansen.lead.username == "anna"
    page = anna.get(reverse("workspace:dossier-detail", args=[jansen.pk])).content.decode()
    assert "Anna de Boer" in page and "Sara El Amrani" in page
