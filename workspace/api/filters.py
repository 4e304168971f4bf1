"""Query parameters of the list endpoints (django-filter for querysets, a serializer otherwise)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casefile.models import Dossier, Entry, Phase
from casefile.selectors.audit_trail import ACTION_CHOICES
from workspace import attention

NEEDED = "needed"


class DossierFilter(django_filters.FilterSet):
    """The filters of the dossier lists, the page's and the API's. No name here: a name in a
    URL ends up in logs, so the page keeps its name search in the session, and the API does not
    offer one (docs/first-screen.md)."""

    status = django_filters.ChoiceFilter(
        choices=Dossier.Status.choices, label=_("Status"), empty_label=_("Open en gesloten")
    )
    phase = django_filters.ChoiceFilter(
        choices=Phase.choices,
        null_value="none",
        null_label=_("Nog geen fase"),
        label=_("Fase"),
        empty_label=_("Alle fasen"),
    )

    attention = django_filters.ChoiceFilter(
        choices=[(NEEDED, _("Vraagt aandacht"))],
        label=_("Aandacht"),
        empty_label=_("Alle dossiers"),
        method="filter_attention",
        help_text=_(
            "`needed`: alleen dossiers met acuut gevaar, een voorbije reactietermijn, een klacht "
            "of verzoek (bijna) over de termijn of een evaluatie die eraan komt."
        ),
    )

    class Meta:
        model = Dossier
        fields = ["status", "phase", "attention"]

    def filter_attention(self, queryset, name, value):
        user = getattr(getattr(self, "request", None), "user", None)
        if value != NEEDED or user is None or not user.is_professional:
            # A family member's list would hint at what only professionals see: ignored.
            return queryset
        return attention.needing_attention(queryset)


class EntryFilter(django_filters.FilterSet):
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label="Geschreven op of na (YYYY-MM-DD)"
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label="Geschreven op of voor (YYYY-MM-DD)"
    )
    visibility = django_filters.ChoiceFilter(choices=Entry.Visibility.choices)
    kind = django_filters.ChoiceFilter(choices=Entry.Kind.choices)
    about_member = django_filters.UUIDFilter(
        field_name="about_members", label="Alleen notities over dit gezinslid (id)"
    )

    class Meta:
        model = Entry
        fields = ["created_after", "created_before", "visibility", "kind", "about_member"]


class AuditTrailQuery(serializers.Serializer):
    """The audit trail is a UNION of two tables, so it is filtered in its selector."""

    action = serializers.ChoiceField(choices=ACTION_CHOICES, required=False)
    created_after = serializers.DateField(required=False, help_text="Op of na (YYYY-MM-DD).")
    created_before = serializers.DateField(required=False, help_text="Op of voor (YYYY-MM-DD).")
