"""The agenda's parts of other pages: the dossier page's section and the family's own tasks."""

from __future__ import annotations

from django import template

from agenda import selectors
from agenda.forms import TaskCompleteForm

register = template.Library()


@register.simple_tag
def agenda_section(dossier):
    return selectors.dossier_agenda(dossier=dossier)


@register.simple_tag
def family_agenda(dossier):
    """A family member's tasks and meetings, as the visibility policy lets them read them."""
    reader = dossier.reader
    tasks = selectors.family_tasks(reader=reader)
    for task in tasks.own:
        task.form = TaskCompleteForm(prefix=str(task.pk), je=reader.is_child)
    return {
        "tasks": tasks,
        "meetings": list(selectors.meeting_brief_list(reader=reader)[: selectors.LAST_MEETINGS]),
        "may_complete": dossier.is_open,
    }


@register.filter
def person_name(person) -> str:
    """A professional, family member or network contact, as their name."""
    if person is None:
        return ""
    for attribute in ("display_name", "full_name", "name"):
        value = getattr(person, attribute, None)
        if value:
            return value
    return str(person)
