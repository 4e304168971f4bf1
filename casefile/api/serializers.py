"""API shapes that every app's API shows alike: a professional and an involvement. The dossier
API's own shapes are in `workspace.api.serializers`."""

from __future__ import annotations

from rest_framework import serializers

from casefile import visibility
from casefile.models import Involvement


class OrganisationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()


class PersonOutput(serializers.Serializer):
    """A professional as others see them: name and organisation, nothing more."""

    id = serializers.UUIDField()
    name = serializers.CharField(source="display_name")
    organisation = OrganisationOutput(allow_null=True)


class InvolvementOutput(serializers.Serializer):
    id = serializers.UUIDField()
    professional = PersonOutput()
    organisation = OrganisationOutput(allow_null=True)
    kind = serializers.CharField()
    expertise = serializers.CharField()
    reason = serializers.CharField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()
    is_active = serializers.BooleanField()

    def to_representation(self, involvement):
        """Leaves out what the reader in the context may not read (`visibility.shows_field`)."""
        data = super().to_representation(involvement)
        reader = self.context.get("reader")
        for field in ("reason", "end_reason"):
            if reader is not None and not visibility.shows_field(reader, Involvement, field):
                data[field] = ""
        return data
