"""core.forms.QuickSelect writes the same select as Django's own widget, without a template per
option (issue 12: the list of professionals was most of the dossier page)."""

from __future__ import annotations

import re

import pytest
from django import forms

from core.forms import QuickSelect

CHOICES = [
    ("", "Kies een professional"),
    ("1", "Anna & Bas – Buurtteam"),
    ("Veiligheidsteam", [("2", "<Gijs>"), ("3", 'Sanne "S" de Vries')]),
]


def _pair(data=None, **attrs):
    class Form(forms.Form):
        django = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs=attrs))
        quick = forms.ChoiceField(choices=CHOICES, widget=QuickSelect(attrs=attrs))

    form = Form(data=data)
    form.is_valid()
    return _same(str(form["django"]), "django"), _same(str(form["quick"]), "quick")


def _same(html: str, name: str) -> str:
    """Without the layout whitespace of Django's templates and the field's own name."""
    html = html.replace(f'name="{name}"', "").replace(f'id="id_{name}"', "")
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+>", ">", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize(
    ("data", "attrs"),
    [(None, {}), ({"django": "2", "quick": "2"}, {"aria-describedby": "hulp fout"})],
)
def test_it_writes_what_djangos_select_writes(data, attrs):
    django, quick = _pair(data, **attrs)
    assert quick == django
    assert "&lt;Gijs&gt;" in quick  # labels are escaped
    assert "<script" not in quick


def test_the_chosen_option_is_selected():
    _, quick = _pair({"django": "3", "quick": "3"})
    assert '<option value="3" selected>' in quick
