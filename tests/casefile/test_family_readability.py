"""R13: the readability hint for professionals, and the family pages' own plain language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core import readability

pytestmark = pytest.mark.django_db

EASY = "Kennismaking thuis met Pieter en Mirjam. We spraken over de ruzies."
HARD = (
    "De multidisciplinaire afstemming betreffende de veiligheidsproblematiek binnen het "
    "gezinssysteem noodzaakt intensivering van de hulpverlening en een herbeoordeling van de "
    "risicotaxatie door alle betrokken ketenpartners in de regio."
)


def test_easy_dutch_scores_high_and_hard_dutch_low():
    assert readability.hint_for(EASY).is_easy
    hard = readability.hint_for(HARD)
    assert hard.score < 30 and hard.level == "hard"
    assert hard.long_sentences == [HARD]
    assert readability.hint_for("  ") is None


def test_the_hint_is_a_fragment_for_whoever_may_write(world):
    url = reverse("workspace:readability-hint", args=[world.dossier.pk])
    response = world.client_for(world.lead).post(url, {"text": HARD}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Flesch-Douma" in html and "<mark>" in html and "<html" not in html
    for who in ("outsider", "family", "analyst"):
        assert world.client_for(getattr(world, who)).post(url, {"text": HARD}).status_code == 404


def test_the_entry_form_asks_for_the_hint_and_saving_is_never_blocked(world):
    client = world.client_for(world.lead)
    page = client.get(reverse("workspace:dossier-detail", args=[world.dossier.pk])).content.decode()
    assert reverse("workspace:readability-hint", args=[world.dossier.pk]) in page
    assert "django_htmx/htmx-2.min.js" in page
    response = client.post(
        reverse("workspace:entry-create", args=[world.dossier.pk]),
        {"text": HARD, "visibility": "family"},
        follow=True,
    )
    assert world.dossier.entries.filter(text=HARD).exists()
    assert "Leesbaarheid" in response.content.decode()


FAMILY_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "portal"
MIN_SCORE = 60
MIN_WORDS = 40


def _family_text(path: Path) -> str:
    """The Dutch a family reads in a template: translated strings, without template tags."""
    source = path.read_text()
    parts = re.findall(r'{% translate "([^"]+)"', source)
    parts += re.findall(
        r"{% blocktranslate[^%]*%}(.*?){% (?:plural|endblocktranslate)", source, re.S
    )
    # Each string stands alone (a heading, a label, a sentence): one per line.
    text = "\n".join(parts)
    text = re.sub(r"{{[^}]*}}", "X", text)
    return re.sub(r"<[^>]+>", "", text)


PORTAL_PAGES = sorted(p for p in FAMILY_TEMPLATES.glob("*.html") if p.name != "copy_pdf.html")


def test_the_family_pages_are_found():
    assert len(PORTAL_PAGES) >= 15, PORTAL_PAGES


@pytest.mark.parametrize("path", PORTAL_PAGES, ids=lambda p: p.name)
def test_family_pages_are_plain_dutch(path):
    """B1 Dutch (R13), measured the way professionals are hinted.

    Flesch-Douma ≥ 60 is the usual line for 'easy' Dutch, which most B1 readers manage; no
    sentence is over 20 words, the length at which plain-language guides (e.g. Direct
    Duidelijk, the Dutch government's) say readers start to lose the thread. Measured per
    template over the strings a family reads, not over the template syntax. The PDF repeats
    the same strings. A score over fewer than 40 words says little (two labels such as
    "na de termijn gegeven" can swing it by 30 points), so small fragments are held to the
    sentence length only.
    """
    text = _family_text(path)
    if not text.strip():
        return
    hint = readability.hint_for(text)
    assert hint.long_sentences == [], hint.long_sentences
    if readability.word_count(text) >= MIN_WORDS:
        assert hint.score >= MIN_SCORE, f"{path.name}: {hint.score}"


OTHER_FAMILY_TEMPLATES = [
    Path(settings.BASE_DIR) / "templates" / part
    for part in (
        "portal/copy_pdf.html",
        "workspace/home_family.html",
        "accounts/invitation_accept.html",
        "accounts/invitation_invalid.html",
    )
]


@pytest.mark.parametrize("path", OTHER_FAMILY_TEMPLATES, ids=lambda p: p.name)
def test_the_pdf_and_the_account_pages_are_plain_dutch_too(path):
    """The same line as the pages (see above) for the PDF and the pages around the account."""
    test_family_pages_are_plain_dutch(path)


def test_the_invitation_email_is_plain_dutch():
    source = (Path(settings.BASE_DIR) / "templates/portal/email/family_invitation.txt").read_text()
    parts = re.findall(r'{% translate "([^"]+)"', source)
    parts += re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate", source, re.S)
    text = re.sub(r"{{[^}]*}}", "X", "\n".join(parts))
    assert readability.hint_for(text).long_sentences == []


def test_the_words_the_code_gives_the_family_are_plain_dutch():
    """Explanations, log lines and form texts built in Python, not in a template."""
    from django.utils import translation

    from portal import forms as family_forms
    from portal import looks
    from portal import selectors as family_portal

    with translation.override("nl"):
        texts = [
            *map(str, family_portal.MEASURE_EXPLANATIONS.values()),
            *map(str, family_portal.PHASE_EXPLANATIONS.values()),
            *map(str, looks.ACCESS_WORDS.values()),
            str(looks.ABOUT_WORDS),
        ]
        for form in (
            family_forms.FamilyViewForm,
            family_forms.FamilyComplaintForm,
            family_forms.FamilyCorrectionForm,
            family_forms.FamilyDestructionForm,
        ):
            for field in form.base_fields.values():
                texts += [str(field.label), str(field.help_text or "")]
    text = "\n".join(t for t in texts if t)
    hint = readability.hint_for(text)
    assert hint.long_sentences == [], hint.long_sentences
    assert hint.score >= MIN_SCORE, hint.score
