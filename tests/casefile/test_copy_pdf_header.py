"""The PDF copy's page header is plain text in the margin boxes (issue 12: a running element
was laid out again on every page), so a household label must be a safe CSS string."""

from __future__ import annotations

from portal.templatetags.copy_pdf import css_string


def test_a_css_string_cannot_end_the_string_or_the_style_element():
    value = css_string('De "Vries" </style><script>\\')

    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert inner.startswith("De ") and "\\000022" in inner and "\\00003c" in inner


def test_letters_with_accents_and_digits_stay_as_they_are():
    assert css_string("Kopie van 7 december 2026") == '"Kopie van 7 december 2026"'
    assert css_string("Gezinsdossier Çelik-Öztürk") == '"Gezinsdossier Çelik\\00002d Öztürk"'
    # The space after an escape belongs to it: a real space after it is kept.
    assert css_string("a& b") == '"a\\000026  b"'


def test_weasyprint_shows_the_escaped_label_as_it_was():
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    label = 'De Vries-Öz & "Zn" </style>'
    html = f"<style>@page {{ @top-left {{ content: {css_string(label)}; }} }}</style><p>x</p>"

    text = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0].extract_text()

    assert label in text
