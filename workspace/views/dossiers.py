"""Pages for professionals: my dossiers, one dossier, and the actions on it.

Each view: fetch what the user may touch (404 otherwise) → call a service → redirect with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casefile import access, selectors, services
from casefile.models import Entry
from core import readability
from core.forms import add_service_errors
from households.services import MemberData
from workspace.api.filters import DossierFilter
from workspace.first_screen import first_screen
from workspace.forms import (
    CorrectionForm,
    DossierNameForm,
    EntryForm,
    HouseholdForm,
    InvolvementEndForm,
    InvolvementForm,
    LeadChangeForm,
    MemberFormSet,
    ReadabilityForm,
    SummaryForm,
)

TIMELINE_PAGE_SIZE = 50


def _require_professional(request) -> None:
    # Family members, analysts and administrators have no professional pages: same 404.
    if not request.user.is_professional:
        raise Http404


LIST_PAGE_SIZE = 25


# The dossier list's name search lives here, never in the URL.
LIST_NAME_KEY = "dossier_list_name"


@login_required
def dossier_list(request):
    """My dossiers, 25 a page, filtered by phase and status (GET) and by name (POST, kept in
    the session)."""
    _require_professional(request)
    if request.method == "POST":
        name_form = DossierNameForm(request.POST)
        if name_form.is_valid():
            request.session[LIST_NAME_KEY] = name_form.cleaned_data["name"].strip()
            return redirect(request.get_full_path())
        messages.error(request, _("Zoek met een naam van hoogstens 100 tekens."))
    else:
        name_form = DossierNameForm(initial={"name": request.session.get(LIST_NAME_KEY, "")})
    name = request.session.get(LIST_NAME_KEY, "")
    filters = DossierFilter(
        request.GET,
        queryset=selectors.dossier_list(user=request.user, name=name),
        request=request,
    )
    if filters.is_valid():
        dossiers = filters.qs
    else:
        messages.error(request, _("Dat filter bestaat niet. U ziet alle dossiers."))
        dossiers = filters.queryset
    page = selectors.dossier_page(dossiers, request.GET.get("pagina"), size=LIST_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("pagina", None)
    return TemplateResponse(
        request,
        "workspace/dossier_list.html",
        {
            "dossiers": page,
            # Household labels and members' names are case content: each shown one is a read.
            "listed_dossiers": page.object_list,
            "can_register": access.can_register_household(request.user),
            "filters": filters,
            "name_form": name_form,
            "searched_name": name,
            "is_filtered": bool(
                name or query.get("phase") or query.get("status") or query.get("attention")
            ),
            "filter_query": query.urlencode(),
        },
    )


def _render_detail(request, dossier, *, status=200, **forms):
    user = request.user
    members = list(selectors.member_list(dossier=dossier))
    can_write = access.can_write(user, dossier)
    can_add = access.can_add_professional(user, dossier)
    # The lead is named once, in the first screen; their own running involvement is not repeated.
    involvements = [
        involvement
        for involvement in selectors.involvement_list(dossier=dossier)
        if not (involvement.professional_id == dossier.lead_id and involvement.is_active)
    ]
    for involvement in involvements:
        involvement.dossier = dossier  # already loaded; saves a query per row
        involvement.user_may_end = (
            access.can_end_involvement(user, involvement)
            and involvement.professional_id != dossier.lead_id
        )
    current_members = [m for m in members if m.is_current]
    context = {
        "dossier": dossier,
        "first_screen": first_screen(dossier=dossier),
        "members": members,
        "involvements": involvements,
        **_timeline(request, dossier),
        "is_lead": access.is_lead(user, dossier),
        "can_write": can_write,
        "can_add_professional": can_add,
        "can_change_lead": access.can_change_lead(user, dossier),
        "entry_form": forms.get("entry_form")
        or (EntryForm(members=_members_qs(dossier)) if can_write else None),
        "current_members": current_members,
        "summary_form": forms.get("summary_form")
        or (
            SummaryForm(initial={"summary": dossier.summary, "version": dossier.version})
            if can_write
            else None
        ),
    }
    return TemplateResponse(request, "workspace/dossier_detail.html", context, status=status)


def _timeline(request, dossier) -> dict:
    """The timeline, newest first, a page at a time, optionally of one kind (`?soort=`).

    The kind is no personal data, so it may travel in the URL; an unknown kind shows all.
    """
    kind = request.GET.get("soort", "")
    if kind not in Entry.Kind.values:
        kind = ""
    entries = selectors.entry_list(dossier=dossier, kind=kind or None)
    return {
        # A long-running dossier stays quick to open.
        "entries": Paginator(entries, TIMELINE_PAGE_SIZE).get_page(request.GET.get("pagina")),
        "timeline_kind": kind,
        "timeline_kinds": Entry.Kind.choices,
    }


def _members_qs(dossier):
    return selectors.member_list(dossier=dossier).filter(left_on__isnull=True)


@login_required
def dossier_detail(request, dossier_id):
    dossier = selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    return _render_detail(request, dossier)


@login_required
@require_POST
def entry_create(request, dossier_id):
    dossier = access.dossier_or_404(request.user, dossier_id)
    form = EntryForm(request.POST, members=_members_qs(dossier))
    if form.is_valid():
        try:
            services.entry_add(
                actor=request.user,
                dossier=dossier,
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
                withheld_reason=form.cleaned_data["withheld_reason"],
                about_members=form.cleaned_data["about_members"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De notitie staat in de tijdlijn."))
            if form.cleaned_data["visibility"] == Entry.Visibility.FAMILY:
                readability.message(request, form.cleaned_data["text"])
            return redirect("workspace:dossier-detail", dossier.pk)
    dossier = selectors.dossier_get(user=request.user, dossier_id=dossier.pk)
    messages.error(request, _("De notitie is niet opgeslagen. Kijk de fouten hieronder na."))
    return _render_detail(request, dossier, status=400, entry_form=form)


@login_required
@require_POST
def summary_update(request, dossier_id):
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_write(request.user, dossier):
        raise PermissionDenied(_("Dit dossier is gesloten. Er kan niets meer bij."))
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_summary_update(
                actor=request.user, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as error:
            # Someone saved first (or the dossier closed meanwhile): show both texts, keep theirs.
            add_service_errors(form, error)
            dossier = selectors.dossier_get(user=request.user, dossier_id=dossier.pk)
            return _render_detail(request, dossier, status=409, summary_form=form)
        messages.success(request, _("De samenvatting is opgeslagen."))
        readability.message(request, form.cleaned_data["summary"])
    return redirect("workspace:dossier-detail", dossier.pk)


@login_required
def involvement_create(request, dossier_id):
    """Add a professional (R4), on a page of its own: the choice lists every professional who
    serves the household's municipality, a thousand or more in a large region, which the
    dossier page should not carry on every visit (issue 12)."""
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_add_professional(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional voegt professionals toe."))
    form = InvolvementForm(
        request.POST or None, professionals=selectors.professional_choices(dossier=dossier)
    )
    if request.method == "POST" and form.is_valid():
        try:
            involvement = services.involvement_add(
                actor=request.user, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is toegevoegd en krijgt een e-mail.")
                % {"name": involvement.professional.display_name},
            )
            return redirect("workspace:dossier-detail", dossier.pk)
    if form.errors:
        messages.error(
            request, _("De professional is niet toegevoegd. Kijk de fouten hieronder na.")
        )
    return TemplateResponse(
        request,
        "workspace/involvement_create.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def involvement_end(request, involvement_id):
    involvement = selectors.involvement_get(user=request.user, involvement_id=involvement_id)
    if not involvement.is_active:
        # A double submit, or someone else was first: say so instead of refusing access.
        messages.info(request, _("Deze betrokkenheid is al beëindigd."))
        return redirect("workspace:dossier-detail", involvement.dossier_id)
    if not access.can_end_involvement(request.user, involvement):
        raise PermissionDenied(
            _("Alleen de professional zelf of de vaste professional kan dit beëindigen.")
        )
    form = InvolvementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_end(
                actor=request.user, involvement=involvement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De betrokkenheid is beëindigd."))
            if access.can_see_dossier(request.user, involvement.dossier):
                return redirect("workspace:dossier-detail", involvement.dossier_id)
            return redirect("workspace:dossier-list")
    return TemplateResponse(
        request,
        "workspace/involvement_end.html",
        {"dossier": involvement.dossier, "involvement": involvement, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def entry_correct(request, entry_id):
    entry = selectors.entry_get(user=request.user, entry_id=entry_id)
    if not access.can_write(request.user, entry.dossier):
        raise PermissionDenied(_("U mag in dit dossier niet schrijven."))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_correct(actor=request.user, entry=entry, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De correctie staat in de tijdlijn. Het origineel blijft zichtbaar.")
            )
            return redirect("workspace:dossier-detail", entry.dossier_id)
    return TemplateResponse(
        request,
        "workspace/entry_correct.html",
        {"dossier": entry.dossier, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def lead_change(request, dossier_id):
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_change_lead(request.user, dossier):
        raise PermissionDenied(_("Alleen de vaste professional kan dit wijzigen."))
    form = LeadChangeForm(request.POST or None, leads=selectors.lead_choices(dossier=dossier))
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_lead_change(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De vaste professional is gewijzigd. Het gezin ziet dit."))
            if access.can_see_dossier(request.user, dossier):
                return redirect("workspace:dossier-detail", dossier.pk)
            return redirect("workspace:dossier-list")
    return TemplateResponse(
        request,
        "workspace/lead_change.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def dossier_create(request):
    """Register a household with its members and open its dossier; the creator leads it."""
    _require_professional(request)
    if not access.can_register_household(request.user):
        raise PermissionDenied(
            _("Alleen een professional van een lokaal team registreert een huishouden.")
        )
    municipalities = access.registration_municipalities(request.user)
    if "add_member" in request.POST:
        # "Gezinslid toevoegen" without JavaScript: the same form again, one block more.
        form = HouseholdForm(initial=request.POST.dict(), municipalities=municipalities)
        formset = MemberFormSet.with_one_more(request.POST, prefix="members")
        formset.forms[-1].fields["first_name"].widget.attrs["autofocus"] = True
        context = {"form": form, "formset": formset}
        return TemplateResponse(request, "workspace/dossier_create.html", context)
    form = HouseholdForm(request.POST or None, municipalities=municipalities)
    formset = MemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [
            MemberData(**member)
            for member in formset.cleaned_data
            if member and not member.get("DELETE")
        ]
        data = dict(form.cleaned_data)
        summary = data.pop("summary")
        try:
            dossier = services.household_register(
                actor=request.user, members=members, summary=summary, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het dossier is geopend. U bent de vaste professional."))
            return redirect("workspace:dossier-detail", dossier.pk)
    return TemplateResponse(
        request,
        "workspace/dossier_create.html",
        {"form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


# --- readability hint for professionals (R13) -----------------------------------------------


@login_required
@require_POST
def readability_hint(request, dossier_id):
    """An htmx fragment: how easy the text is to read. The form works without it."""
    dossier = access.dossier_or_404(request.user, dossier_id)
    if not access.can_write(request.user, dossier):
        raise PermissionDenied(_("U mag in dit dossier niet schrijven."))
    form = ReadabilityForm(request.POST)
    text = (form.cleaned_data["text"] or form.cleaned_data["proposal"]) if form.is_valid() else ""
    return TemplateResponse(
        request,
        "workspace/_readability_hint.html",
        {"hint": readability.hint_for(text), "easy_score": readability.EASY_SCORE},
    )
