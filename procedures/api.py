"""Decisions with hoor en wederhoor through the API (R9).

Thin views over `procedures.services.decisions` and `procedures.selectors`: propose,
start the hearing, give a view (a family member's own, or one a professional records for an
invitee), decide. Family members see decisions from their hearing on, as on their own pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.api.base import DossierApiView
from casefile.api.serializers import PersonOutput
from casefile.models import Dossier
from core.api import Access, documented
from core.api.fields import TextField
from core.text import TEXT_LONG, TEXT_SHORT, TITLE
from households.models import Member

from . import selectors, services
from .models import Decision, DecisionView, HearingInvitation

NO_DOSSIERS = _("Beleidsmedewerkers en beheerders zien geen dossiers.")
ONLY_PROFESSIONALS = _("Alleen professionals doen dit.")

# --- input --------------------------------------------------------------------------------------


class DecisionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    title = TextField(max_length=TITLE)
    proposal = TextField(max_length=TEXT_LONG)
    concerns = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Member.objects.none(),
        pk_field=serializers.UUIDField(),
        help_text="Ids van de gezinsleden over wie het besluit gaat.",
    )
    hearing_working_days = serializers.IntegerField(
        required=False, min_value=1, max_value=60, help_text="Standaard 5 werkdagen."
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["concerns"].child_relation.queryset = members


class StartHearingInput(serializers.Serializer):
    working_days = serializers.IntegerField(required=False, min_value=1, max_value=60)
    reason = TextField(max_length=TEXT_SHORT, required=False, default="")


class ViewInput(serializers.Serializer):
    invitation = serializers.UUIDField(
        required=False,
        help_text="Welke uitnodiging. Een gezinslid mag dit weglaten: dan is het de eigen. "
        "Een professional die een zienswijze vastlegt, vult het altijd in.",
    )
    stance = serializers.ChoiceField(
        choices=DecisionView.Stance.choices, required=False, allow_blank=True, default=""
    )
    text = TextField(max_length=TEXT_LONG)
    how_heard = TextField(
        max_length=TEXT_SHORT,
        required=False,
        default="",
        help_text="Bij een kind onder de 12: hoe het kind is gehoord.",
    )


class DecideInput(serializers.Serializer):
    outcome = TextField(max_length=TEXT_LONG)
    weighing = TextField(
        max_length=TEXT_LONG,
        required=False,
        allow_blank=True,
        default="",
        help_text="Hoe de zienswijzen zijn meegewogen. Verplicht als er zienswijzen zijn.",
    )


def _one_of(choices) -> str:
    # Plain strings in the output: the choice sets' names would collide in the schema.
    return "Een van: " + ", ".join(f"`{value}`" for value in choices.values)


# --- output -------------------------------------------------------------------------------------


class MemberRefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="full_name")


class ViewOutput(serializers.Serializer):
    id = serializers.UUIDField()
    invitation = serializers.UUIDField(source="invitation_id")
    stance = serializers.CharField()
    text = serializers.CharField()
    how_heard = serializers.CharField()
    given_by = PersonOutput()
    recorded_on_behalf = serializers.BooleanField()
    is_late = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class InvitationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    member = MemberRefOutput()
    kind = serializers.CharField(help_text=_one_of(HearingInvitation.Kind))
    age_on_invitation = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    view = ViewOutput(allow_null=True, help_text="null: nog geen zienswijze.")


class TransitionOutput(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField(help_text=_one_of(Decision.State))
    actor = PersonOutput()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class DecisionListOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(help_text=_one_of(Decision.Kind))
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=Decision.State.choices)
    is_urgent = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    hearing_deadline = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class DecisionOutput(DecisionListOutput):
    dossier = serializers.UUIDField(source="dossier_id")
    proposal = serializers.CharField()
    proposed_by = PersonOutput()
    concerns = MemberRefOutput(many=True)
    hearing_working_days = serializers.IntegerField()
    hearing_started_at = serializers.DateTimeField(allow_null=True)
    urgent_reason = serializers.CharField()
    outcome = serializers.CharField()
    weighing = serializers.CharField()
    weighed_at = serializers.DateTimeField(allow_null=True)
    decided_by = PersonOutput(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    awaits_weighing = serializers.BooleanField()
    invitations = InvitationOutput(many=True)
    transitions = TransitionOutput(many=True)


# --- helpers ------------------------------------------------------------------------------------


def _is_professional(user) -> bool:
    return user.is_professional


def _may_give_view(user, invitation: HearingInvitation) -> bool:
    if user.is_family:
        return access.can_give_view(user, invitation)
    return access.can_record_for_family(user, invitation.decision.dossier)


class _DecisionView(DossierApiView):
    queryset = Decision.objects.none()  # for the schema

    def decision(self, decision_id) -> Decision:
        """The decision as this caller may see it (else 404), checked against the rule (403)."""
        user = self.request.user
        if user.is_family:
            # The pages' rule: from the hearing on, and for a reader of 12–15 only their own.
            decision = selectors.family_decision_get(user=user, decision_id=decision_id)
        else:
            decision = selectors.decision_get(user=user, decision_id=decision_id)
        self.check_object_permissions(self.request, decision)
        return decision

    def fresh(self, decision: Decision) -> Decision:
        """Reloaded with everything the output shows."""
        return selectors.decision_get(user=self.request.user, decision_id=decision.pk)


# --- views --------------------------------------------------------------------------------------


class DecisionListView(DossierApiView):
    queryset = Decision.objects.none()  # for the schema
    filter_backends = []  # open ones first, newest first (the selector's order)
    access = {
        "GET": Access(
            who=_(
                "Vaste professional en betrokken professionals: alle besluiten. Een gezinslid: "
                "de besluiten vanaf het horen, met zienswijzen en weging."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        ),
        "POST": Access(
            who=_(
                "Vaste professional en betrokken professionals (ook het veiligheidsteam na "
                "aansluiten), zolang het dossier open is."
            ),
            role=_is_professional,
            role_refusal=_("Alleen professionals stellen een besluit voor."),
            may=access.can_propose_decision,
            refusal=_("U mag in dit dossier geen besluit voorstellen."),
        ),
    }

    @documented(summary="Besluiten", response=DecisionListOutput(many=True))
    def get(self, request, dossier_id):
        dossier: Dossier = self.read_dossier(dossier_id)
        if self.reads_as_family:
            decisions = selectors.decision_list_for(reader=dossier.reader)
        else:
            decisions = selectors.decision_list(dossier=dossier)
        page = self.paginate_queryset(decisions)
        return self.get_paginated_response(DecisionListOutput(page, many=True).data)

    @documented(
        summary="Besluit voorstellen",
        request=DecisionInput,
        response=DecisionOutput,
        status=201,
        description="Een voorstel; nog niemand is uitgenodigd. Start daarna het horen (R9).",
    )
    def post(self, request, dossier_id):
        dossier = self.dossier_for_action(dossier_id)
        members = casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True)
        data = DecisionInput(data=request.data, members=members)
        data.is_valid(raise_exception=True)
        decision = services.decision_propose(
            actor=request.user, dossier=dossier, **data.validated_data
        )
        decision = selectors.decision_get(user=request.user, decision_id=decision.pk)
        return Response(DecisionOutput(decision).data, status=status.HTTP_201_CREATED)


class DecisionDetailView(_DecisionView):
    access = {
        "GET": Access(
            who=_(
                "Vaste professional en betrokken professionals; een gezinslid vanaf het horen. "
                "Een ander besluit: 404."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        )
    }

    @documented(
        summary="Eén besluit",
        response=DecisionOutput,
        errors=(401, 403, 404),
        description="Met de stappen, wie gehoord wordt en hun zienswijzen. Elke opvraging "
        "staat in het inzagelog (R12).",
    )
    def get(self, request, decision_id):
        decision = self.decision(decision_id)
        self.dossiers_read.append(decision.dossier)
        return Response(DecisionOutput(decision).data)


class StartHearingView(_DecisionView):
    access = {
        "POST": Access(
            who=_("Vaste professional en betrokken professionals, bij een voorstel."),
            role=_is_professional,
            role_refusal=ONLY_PROFESSIONALS,
            may=lambda user, decision: access.can_propose_decision(user, decision.dossier),
            refusal=_("U mag in dit dossier geen besluit voorbereiden."),
        )
    }

    @documented(
        summary="Horen starten (R9)",
        errors=(400, 401, 403, 404, 409),
        request=StartHearingInput,
        response=DecisionOutput,
        description="Iedereen van 12 jaar of ouder over wie het gaat, wordt gevraagd te "
        "reageren; een jonger kind wordt gehoord op een manier die past bij de leeftijd.",
    )
    def post(self, request, decision_id):
        decision = self.decision(decision_id)
        data = StartHearingInput(data=request.data or {})  # every field is optional
        data.is_valid(raise_exception=True)
        services.decision_start_hearing(
            actor=request.user, decision=decision, **data.validated_data
        )
        return Response(DecisionOutput(self.fresh(decision)).data)


class GiveViewView(_DecisionView):
    access = {
        "POST": Access(
            who=_(
                "Een gezinslid dat gevraagd is te reageren: de eigen zienswijze. Vaste "
                "professional en betrokken professionals: een zienswijze die zij vastleggen "
                "voor een gezinslid, of hoe een kind onder de 12 is gehoord."
            ),
            role=access.reads_dossiers,
            role_refusal=NO_DOSSIERS,
        )
    }

    @documented(
        summary="Zienswijze geven (R9)",
        errors=(400, 401, 403, 404, 409),
        request=ViewInput,
        response=ViewOutput,
        status=201,
        description="Eén per uitnodiging; een zienswijze wordt nooit overschreven. Na de "
        "termijn wordt hij nog aangenomen, gemarkeerd als te laat.",
    )
    def post(self, request, decision_id):
        decision = self.decision(decision_id)
        data = ViewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        invitation = self._invitation(decision, values.pop("invitation", None))
        if not _may_give_view(request.user, invitation):
            raise PermissionDenied(
                _("U kunt alleen uw eigen zienswijze geven.")
                if request.user.is_family
                else _("U mag hier geen zienswijze vastleggen.")
            )
        view = services.decision_view_give(actor=request.user, invitation=invitation, **values)
        return Response(ViewOutput(view).data, status=status.HTTP_201_CREATED)

    def _invitation(self, decision: Decision, invitation_id) -> HearingInvitation:
        invitations = decision.invitations.select_related("decision__dossier", "member")
        if invitation_id is not None:
            invitation = invitations.filter(pk=invitation_id).first()
        elif self.request.user.is_family:
            invitation = invitations.filter(member__user=self.request.user).first()
        else:
            raise ValidationError({"invitation": [_("Kies wiens zienswijze u vastlegt.")]})
        if invitation is None and invitation_id is None:
            raise PermissionDenied(_("U bent niet gevraagd om op dit besluit te reageren."))
        if invitation is None:
            raise ValidationError(
                {"invitation": [_("Kies iemand die bij dit besluit gehoord wordt.")]}
            )
        return invitation


class DecideView(_DecisionView):
    access = {
        "POST": Access(
            who=_(
                "De vaste professional; bij een veiligheidsmaatregel ook een betrokken "
                "medewerker van het veiligheidsteam."
            ),
            role=_is_professional,
            role_refusal=ONLY_PROFESSIONALS,
            may=access.can_decide,
            refusal=_("Alleen de vaste professional neemt dit besluit."),
        )
    }

    @documented(
        summary="Besluiten (R9)",
        errors=(400, 401, 403, 404, 409),
        request=DecideInput,
        response=DecisionOutput,
        description="Kan als iedereen gereageerd heeft of de termijn voorbij is, en zegt hoe "
        "de zienswijzen zijn meegewogen.",
    )
    def post(self, request, decision_id):
        decision = self.decision(decision_id)
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.decision_decide(actor=request.user, decision=decision, **data.validated_data)
        return Response(DecisionOutput(self.fresh(decision)).data)


urlpatterns = [
    path(
        "dossiers/<uuid:dossier_id>/decisions/",
        DecisionListView.as_view(),
        name="decision-list",
    ),
    path(
        "decisions/<uuid:decision_id>/",
        DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "decisions/<uuid:decision_id>/start-hearing/",
        StartHearingView.as_view(),
        name="decision-start-hearing",
    ),
    path(
        "decisions/<uuid:decision_id>/views/",
        GiveViewView.as_view(),
        name="decision-views",
    ),
    path(
        "decisions/<uuid:decision_id>/decide/",
        DecideView.as_view(),
        name="decision-decide",
    ),
]
