"""The start page: what each role sees first after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from casefile import access
from casefile import selectors as casefile_selectors
from casefile.selectors.family import family_dossier_get
from workspace import attention


@login_required
def home(request):
    """The start page for the signed-in role."""
    user = request.user
    if user.is_professional:
        # What needs attention first (acute danger on top), then the recently active dossiers.
        items = attention.attention_items(access.dossiers_visible_to(user))
        shown = items[: attention.ITEMS_SHOWN]
        dossiers = list(casefile_selectors.dossier_list(user=user)[:10])
        return TemplateResponse(
            request,
            "workspace/home_professional.html",
            {
                "attention_items": shown,
                "attention_more": len(items) > len(shown),
                "dossiers": dossiers,
                # Household labels are case content: each one shown is a read (R12).
                "listed_dossiers": dossiers + [item.dossier for item in shown],
            },
        )
    if user.is_family:
        # Straight to their own dossier; the welcome page only for one who has none (any more).
        try:
            family_dossier_get(user=user)
        except Http404:
            return TemplateResponse(request, "workspace/home_family.html")
        return redirect("portal:family-home")
    if user.is_analyst:
        return TemplateResponse(request, "workspace/home_analyst.html")
    if user.is_complaints_officer or user.is_privacy_officer:
        # Links to their lists only: no dossier content on this page (R10, R15).
        return TemplateResponse(request, "workspace/home_officer.html")
    if user.is_staff:
        return redirect("admin:index")
    return TemplateResponse(request, "workspace/home_other.html")
