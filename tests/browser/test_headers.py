"""The Content-Security-Policy leaves the pages working: htmx, the admin and the API docs.

The `page` fixture (conftest) fails any test during which Chromium refused something.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import User
from casefile.models import Dossier

pytestmark = pytest.mark.browser


def test_the_readability_hint_still_comes_through_htmx(page, demo, signed_in):
    signed_in(User.objects.get(username="anna"))
    dossier = Dossier.objects.get(household__label="Jansen")
    page.goto(f"/dossiers/{dossier.pk}/")
    page.locator("summary", has_text="Notitie schrijven").click()
    text = page.get_by_label("Wat wilt u vastleggen?")
    text.fill("Dit is een erg lange zin " + "met heel veel woorden " * 20 + ".")
    text.press("End")  # htmx listens for keyup
    expect(page.locator("#readability-hint")).not_to_be_empty()
    assert page.evaluate("typeof window.htmx") == "object"


def test_the_admin_works_under_the_policy(page, demo, signed_in):
    signed_in(User.objects.get(username="beheer"))
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/admin/accounts/user/")
    page.goto(f"/admin/accounts/user/{User.objects.get(username='anna').pk}/change/")
    expect(page.locator("#content form")).to_be_visible()


def test_swagger_ui_works_under_the_policy(page, demo, signed_in):
    signed_in(User.objects.get(username="anna"))
    page.goto("/api/docs/swagger/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Gezinsdossier API")


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_the_api_docs_are_readable_without_javascript(page, demo):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gezinsdossier API")
    expect(page.get_by_role("row", name="POST /api/v1/auth/token/ Token ophalen")).to_be_visible()
    expect(page.get_by_role("link", name="Het OpenAPI 3-document")).to_have_attribute(
        "href", "/api/schema/"
    )
