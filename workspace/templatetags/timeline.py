"""The dossier's timeline rows, written in Python.

Fifty entries through nested template tags, includes and `{% translate %}` in the loop were a
third of the dossier page at scale (issue 12). Here each label is translated once per page, the
correction URL is reversed once and filled in per row, and the HTML is built with
`format_html`, which escapes every value as the template did.
"""

from __future__ import annotations

import uuid
from itertools import groupby

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_PLACEHOLDER = uuid.UUID(int=0)


@register.simple_tag
def timeline_days(entries, can_write: bool) -> SafeString:
    """The entries of one timeline page, grouped by day (newest first, as they come)."""
    labels = {
        "withheld": _("niet zichtbaar voor het gezin"),
        "visible": _("zichtbaar voor het gezin"),
        "correction": _("correctie"),
        "corrected": _("gecorrigeerd"),
        "corrects": _("Corrigeert de notitie van"),
        "about": _("Gaat over:"),
        "correct": _("Corrigeren"),
        "statement": _("Eigen verklaring"),
    }
    correct_url = reverse("workspace:entry-correct", args=[_PLACEHOLDER])
    days = []
    local = [(timezone.localtime(entry.created_at), entry) for entry in entries]
    for day, rows in groupby(local, key=lambda pair: pair[0].date()):
        rows = list(rows)
        items = format_html_join(
            "\n", "{}", ((_entry(entry, at, labels, can_write, correct_url),) for at, entry in rows)
        )
        days.append(
            format_html(
                '<section class="timeline-day" aria-labelledby="day-{day}">\n'
                '<h3 id="day-{day}"><time datetime="{day}">{title}</time></h3>\n'
                '<ol class="timeline">\n{items}\n</ol>\n</section>',
                day=day.isoformat(),
                title=formats.date_format(rows[0][0], "l j F Y"),
                items=items,
            )
        )
    return mark_safe("\n".join(days))  # noqa: S308 (every part was built with format_html)


def _entry(entry, at, labels, can_write, correct_url) -> SafeString:
    classes = f"entry entry-{entry.kind}" + (" entry-withheld" if entry.is_withheld else "")
    author = entry.author.display_name
    if entry.author_organisation:
        author = format_html("{}, {}", author, entry.author_organisation)
    if entry.is_withheld:
        visibility = format_html(
            '<span class="tag tag--warning">{}: {}</span>',
            labels["withheld"],
            entry.get_withheld_reason_display().lower(),
        )
    else:
        visibility = format_html('<span class="tag tag--neutral">{}</span>', labels["visible"])
    meta = format_html(
        '<time datetime="{}">{}</time>\n · {}\n · {}',
        at.isoformat(),
        formats.date_format(at, "H:i"),
        author,
        visibility,
    )
    parts = []
    if entry.kind == "correction":
        meta = format_html(
            '{}\n· <span class="tag tag--info">{}</span>', meta, labels["correction"]
        )
    if getattr(entry, "is_corrected", False):
        meta = format_html(
            '{}\n· <span class="tag tag--danger">{}</span>', meta, labels["corrected"]
        )
    parts.append(format_html('<p class="meta">\n{}\n</p>', meta))
    if entry.kind == "correction":
        parts.append(
            format_html(
                '<p class="muted">{} <a href="#entry-{}">{}</a></p>',
                labels["corrects"],
                entry.corrects_id,
                formats.date_format(timezone.localtime(entry.corrects.created_at), "j F Y H:i"),
            )
        )
    parts.append(format_html('<div class="text" lang="nl">{}</div>', linebreaksbr(entry.text)))
    for statement in entry.own_statements.all():
        parts.append(_statement(statement, labels))
    about = [member.first_name for member in entry.about_members.all()]
    if about:
        parts.append(format_html('<p class="muted">{} {}</p>', labels["about"], ", ".join(about)))
    if can_write and entry.kind != "event":
        url = correct_url.replace(str(_PLACEHOLDER), str(entry.pk))
        parts.append(format_html('<p><a href="{}">{}</a></p>', url, labels["correct"]))
    return format_html(
        '<li class="{}" id="entry-{}">\n{}\n</li>',
        classes,
        entry.pk,
        mark_safe("\n".join(parts)),  # noqa: S308 (built with format_html above)
    )


def _statement(statement, labels) -> SafeString:
    at = timezone.localtime(statement.created_at)
    return format_html(
        '<aside class="own-statement card" aria-label="{}">\n'
        '<p class="meta"><strong>{}</strong> · <time datetime="{}">{}</time></p>\n'
        '<div class="text" lang="nl">{}</div>\n</aside>',
        labels["statement"],
        _("Eigen verklaring van %(name)s") % {"name": statement.member.first_name},
        at.isoformat(),
        formats.date_format(at, "j F Y"),
        linebreaksbr(statement.text),
    )
