"""Tasks and meetings through the API: the same services, access and visibility as the pages.

Listed under /api/v1/ in `config/api_urls.py`. A family member reads the tasks and meetings of
their own household's dossier as the visibility policy lets them (R7, the 12–15 rule), and marks
their own task done; every read is an access event (R12).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.api.base import DossierApiView
from casefile.api.serializers import PersonOutput
from casefile.models import Dossier
from core.api import Access, documented
from core.api.fields import TextField
from core.text import TEXT_SHORT, TITLE
from households.models import NetworkContact
from procedures.models import Decision

from . import selectors, services
from .models import Meeting, Task, Visibility, WithheldReason

NO_DOSSIERS = _("Beleidsmedewerkers en beheerders zien geen dossiers.")
ONLY_PROFESSIONALS = _("Alleen professionals doen dit.")
MAY_WRITE = _("U mag in dit dossier niets toevoegen of wijzigen.")
READERS = _(
    "Vaste professional en betrokken professionals: alles. Een gezinslid van dit huishouden: "
    "wat het gezin mag zien; een kind van 12 tot 16 alleen wat over hem of haar gaat of over "
    "het hele gezin. Een ander dossier: 404."
)
WRITERS = _(
    "Vaste professional en betrokken professionals (ook het veiligheidsteam na aansluiten), "
    "zolang het dossier open is."
)


def _is_professional(user) -> bool:
    return user.is_professional


# --- shapes -------------------------------------------------------------------------------------


def _one_of(values) -> str:
    # Plain strings: the choice sets named "kind" elsewhere would collide in the schema.
    return "Een van: " + ", ".join(f"`{value}`" for value in values)


class ForWhomOutput(serializers.Serializer):
    kind = serializers.CharField(help_text=_one_of(("professional", "member", "contact")))
    id = serializers.UUIDField()
    name = serializers.CharField()


def _for_whom(row) -> dict:
    if row.professional_id is not None:
        return {
            "kind": "professional",
            "id": row.professional_id,
            "name": row.professional.display_name,
        }
    if row.member_id is not None:
        return {"kind": "member", "id": row.member_id, "name": row.member.full_name}
    return {"kind": "contact", "id": row.contact_id, "name": row.contact.name}


class TaskOutput(serializers.Serializer):
    id = serializers.UUIDField()
    what = serializers.CharField()
    due_on = serializers.DateField()
    for_whom = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Task.Status.choices)
    overdue = serializers.BooleanField(source="is_overdue")
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    withheld_reason = serializers.CharField()
    agreement = serializers.UUIDField(source="agreement_id", allow_null=True)
    decision = serializers.UUIDField(source="decision_id", allow_null=True)
    meeting = serializers.UUIDField(source="meeting_id", allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    done_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    @extend_schema_field(ForWhomOutput)
    def get_for_whom(self, task) -> dict:
        return ForWhomOutput(_for_whom(task)).data


class ParticipantOutput(serializers.Serializer):
    person = serializers.SerializerMethodField()
    attended = serializers.BooleanField(allow_null=True)

    @extend_schema_field(ForWhomOutput)
    def get_person(self, participant) -> dict:
        return ForWhomOutput(_for_whom(participant)).data


class MeetingOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(help_text=_one_of(Meeting.Kind.values))
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    agenda = serializers.ListField(child=serializers.CharField(), source="agenda_points")
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    outcome = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    withheld_reason = serializers.CharField()
    planned_by = PersonOutput()
    participants = ParticipantOutput(many=True, source="participants.all")
    tasks = serializers.SerializerMethodField(help_text="Ids van de taken die eruit kwamen.")
    version = serializers.IntegerField()

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}})
    def get_tasks(self, meeting) -> list[str]:
        shown = getattr(meeting, "shown_tasks", None)
        return [str(task.pk) for task in (shown if shown is not None else [])]


class ForWhomInput(serializers.Serializer):
    professional = serializers.UUIDField(required=False)
    member = serializers.UUIDField(required=False)
    contact = serializers.UUIDField(required=False)


class TaskInput(serializers.Serializer):
    what = TextField(max_length=TEXT_SHORT)
    due_on = serializers.DateField()
    for_whom = ForWhomInput(help_text="Precies één van: professional, member, contact (ids).")
    decision = serializers.UUIDField(
        required=False, allow_null=True, help_text="Het id van een besluit in dit dossier."
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.FAMILY)
    withheld_reason = serializers.ChoiceField(
        choices=WithheldReason.choices, required=False, default=""
    )


class DoneInput(serializers.Serializer):
    note = TextField(max_length=TEXT_SHORT, required=False, default="", allow_blank=True)


class MeetingInput(serializers.Serializer):
    kind = serializers.CharField(max_length=10, help_text=_one_of(Meeting.Kind.values))
    starts_at = serializers.DateTimeField()
    place = TextField(max_length=TITLE, required=False, default="", allow_blank=True)
    agenda = TextField(max_length=TEXT_SHORT, help_text="Eén agendapunt per regel.")
    participants = ForWhomInput(many=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.FAMILY)
    withheld_reason = serializers.ChoiceField(
        choices=WithheldReason.choices, required=False, default=""
    )


def _person(dossier: Dossier, data: dict, *, invite: bool = False) -> services.Person:
    """Ids to people of this dossier; an unknown id is a 400 (never another dossier's)."""
    found = {}
    lookups = {
        "professional": selectors.invitable_professionals(dossier=dossier)
        if invite
        else selectors.professionals_of(dossier=dossier),
        "member": casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True),
        "contact": NetworkContact.objects.filter(household_id=dossier.household_id),
    }
    for key, rows in lookups.items():
        if data.get(key) is not None:
            row = rows.filter(pk=data[key]).first()
            if row is None:
                raise exceptions.ValidationError(
                    {"for_whom": [str(_("Die persoon hoort niet bij dit dossier."))]}
                )
            found[key] = row
    return services.Person(**found)


# --- views --------------------------------------------------------------------------------------

# A dossier's tasks or meetings: read as the visibility policy allows, add as a professional.
LIST_ACCESS = {
    "GET": Access(who=READERS, role=access.reads_dossiers, role_refusal=NO_DOSSIERS),
    "POST": Access(
        who=WRITERS,
        role=_is_professional,
        role_refusal=ONLY_PROFESSIONALS,
        may=access.can_write,
        refusal=MAY_WRITE,
    ),
}


class TaskListView(DossierApiView):
    queryset = Task.objects.none()  # for the schema
    filter_backends = []  # the selector's order: open first, overdue at the top
    access = LIST_ACCESS

    @documented(
        summary="Taken van een dossier",
        response=TaskOutput(many=True),
        errors=(401, 403, 404),
        description="Open taken eerst, wat te laat is bovenaan. Elke opvraging staat in het "
        "inzagelog (R12).",
    )
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        page = self.paginate_queryset(selectors.task_list(reader=dossier.reader))
        return self.get_paginated_response(TaskOutput(page, many=True).data)

    @documented(
        summary="Taak maken",
        request=TaskInput,
        response=TaskOutput,
        status=201,
        description="Wat, voor wie (een professional van het dossier, een gezinslid of iemand "
        "uit het netwerk) en wanneer. Het gezin ziet de taak, tenzij die met een wettelijke "
        "reden is afgeschermd (R7).",
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        data = TaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = _person(dossier, values.pop("for_whom"))
        decision_id = values.pop("decision", None)
        decision = None
        if decision_id is not None:
            decision = Decision.objects.filter(dossier=dossier, pk=decision_id).first()
            if decision is None:
                raise exceptions.ValidationError(
                    {"decision": [str(_("Kies een besluit uit dit dossier."))]}
                )
        task = services.task_create(
            actor=request.user, dossier=dossier, person=person, decision=decision, **values
        )
        task = selectors.task_get(user=request.user, task_id=task.pk)
        return Response(TaskOutput(task).data, status=status.HTTP_201_CREATED)


class _TaskView(DossierApiView):
    queryset = Task.objects.none()  # for the schema

    def task(self, dossier_id, task_id) -> Task:
        dossier = self.read_dossier(dossier_id)
        task = selectors.task_get(user=self.request.user, task_id=task_id)
        if task.dossier_id != dossier.pk:
            raise exceptions.NotFound()
        return task


class TaskDetailView(_TaskView):
    access = {"GET": Access(who=READERS, role=access.reads_dossiers, role_refusal=NO_DOSSIERS)}

    @documented(summary="Eén taak", response=TaskOutput, errors=(401, 403, 404))
    def get(self, request, dossier_id, task_id):
        return Response(TaskOutput(self.task(dossier_id, task_id)).data)


class TaskDoneView(_TaskView):
    access = {
        "POST": Access(
            who=_(
                "Vaste professional en betrokken professionals; een gezinslid alleen de eigen "
                "taak die het gezin mag zien. Een taak die al klaar is: 409."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        )
    }

    @documented(
        summary="Taak klaar melden",
        request=DoneInput,
        response=TaskOutput,
        errors=(400, 401, 403, 404, 409),
        description="Met een korte toelichting. Een gezinslid meldt zo de eigen taak klaar.",
    )
    def post(self, request, dossier_id, task_id):
        task = self.task(dossier_id, task_id)
        self.dossiers_read.clear()  # an act, not a read: its audit row records it
        if not services.may_complete(request.user, task):
            raise exceptions.PermissionDenied(_("U kunt deze taak niet afronden."))
        data = DoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_complete(actor=request.user, task=task, **data.validated_data)
        task = selectors.task_get(user=request.user, task_id=task.pk)
        return Response(TaskOutput(task).data)


class MeetingListView(DossierApiView):
    queryset = Meeting.objects.none()  # for the schema
    filter_backends = []  # newest first
    access = LIST_ACCESS

    @documented(
        summary="Overleggen van een dossier",
        response=MeetingOutput(many=True),
        errors=(401, 403, 404),
        description="Casusoverleg, MDA++ overleg en gezinsgesprek, nieuwste eerst.",
    )
    def get(self, request, dossier_id):
        dossier = self.read_dossier(dossier_id)
        page = self.paginate_queryset(selectors.meeting_list(reader=dossier.reader))
        return self.get_paginated_response(MeetingOutput(page, many=True).data)

    @documented(
        summary="Overleg plannen",
        request=MeetingInput,
        response=MeetingOutput,
        status=201,
        description="Met datum, deelnemers en agendapunten. Wie een account heeft, krijgt een "
        "uitnodiging per e-mail (zonder inhoud: alleen een link).",
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        data = MeetingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        people = [_person(dossier, item, invite=True) for item in values.pop("participants")]
        if any(person.count != 1 for person in people):
            raise exceptions.ValidationError(
                {"participants": [str(_("Geef per deelnemer precies één id."))]}
            )
        invitees = services.Invitees(
            professionals=[p.professional for p in people if p.professional],
            members=[p.member for p in people if p.member],
            contacts=[p.contact for p in people if p.contact],
        )
        meeting = services.meeting_plan(
            actor=request.user, dossier=dossier, invitees=invitees, **values
        )
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting.pk)
        return Response(MeetingOutput(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetailView(DossierApiView):
    queryset = Meeting.objects.none()  # for the schema
    access = {"GET": Access(who=READERS, role=access.reads_dossiers, role_refusal=NO_DOSSIERS)}

    @documented(summary="Eén overleg", response=MeetingOutput, errors=(401, 403, 404))
    def get(self, request, dossier_id, meeting_id):
        dossier = self.read_dossier(dossier_id)
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        if meeting.dossier_id != dossier.pk:
            raise exceptions.NotFound()
        return Response(MeetingOutput(meeting).data)


urlpatterns = [
    path("dossiers/<uuid:dossier_id>/tasks/", TaskListView.as_view(), name="task-list"),
    path(
        "dossiers/<uuid:dossier_id>/tasks/<uuid:task_id>/",
        TaskDetailView.as_view(),
        name="task-detail",
    ),
    path(
        "dossiers/<uuid:dossier_id>/tasks/<uuid:task_id>/done/",
        TaskDoneView.as_view(),
        name="task-done",
    ),
    path("dossiers/<uuid:dossier_id>/meetings/", MeetingListView.as_view(), name="meeting-list"),
    path(
        "dossiers/<uuid:dossier_id>/meetings/<uuid:meeting_id>/",
        MeetingDetailView.as_view(),
        name="meeting-detail",
    ),
]
