"""Pages for documents: add one, add a version, see one, preview it, download it.

Each view: fetch what the user may touch through the selectors (the visibility policy; a 404
otherwise) → check the action (casefile.access, 403) → call a service → redirect with a
message. A refused file shows its reason on the form, and nothing is kept.

Files leave only through `version_download` and `version_inline`: access-checked, checked
against their SHA-256, an access event each time (R12), never cached, never sniffed.
"""

from __future__ import annotations

from urllib.parse import quote

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin

from casefile import access
from casefile import selectors as casefile_selectors
from core.forms import add_service_errors
from core.http import client_address

from . import selectors, services
from .forms import DocumentForm, VersionForm
from .models import ContentType, DocumentVersion


def current_members(dossier):
    return casefile_selectors.member_list(dossier=dossier).filter(left_on__isnull=True)


def _render(request, template, context, form):
    return TemplateResponse(request, template, context, status=400 if form.errors else 200)


@login_required
def document_add(request, dossier_id):
    dossier = casefile_selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    if not access.can_add_document(request.user, dossier):
        raise PermissionDenied(_("U mag in dit dossier niets toevoegen."))
    members = current_members(dossier)
    form = DocumentForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_add(
                actor=request.user,
                dossier=dossier,
                upload=data["file"],
                title=data["title"],
                kind=data["kind"],
                dated_on=data["dated_on"],
                about_members=data["about_members"],
                visibility=data["visibility"],
                withheld_reason=data["withheld_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het document staat in het dossier."))
            url = reverse("workspace:dossier-detail", args=[dossier.pk])
            return redirect(f"{url}#documents")
    context = {"dossier": dossier, "form": form, "title": _("Document toevoegen")}
    return _render(request, "documents/document_form.html", context, form)


@login_required
def document_detail(request, document_id):
    """A document with all its versions: for the professionals of the dossier."""
    document = selectors.document_for_reader(user=request.user, document_id=document_id)
    if not document.reader.is_professional:
        raise Http404
    dossier = document.dossier
    form = None
    if access.can_add_document(request.user, dossier):
        form = VersionForm()
    context = {"dossier": dossier, "document": document, "version_form": form}
    return TemplateResponse(request, "documents/document_detail.html", context)


@login_required
def version_add(request, document_id):
    document = selectors.document_for_reader(user=request.user, document_id=document_id)
    if not document.reader.is_professional:
        raise Http404
    dossier = document.dossier
    if not access.can_add_document(request.user, dossier):
        raise PermissionDenied(_("U mag in dit dossier niets toevoegen."))
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_version_add(
                actor=request.user, document=document, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De nieuwe versie staat in het dossier."))
            return redirect("documents:document-detail", document_id=document.pk)
    context = {
        "dossier": dossier,
        "document": document,
        "form": form,
        "title": _("Nieuwe versie van %(title)s") % {"title": document.title},
    }
    return _render(request, "documents/document_form.html", context, form)


@login_required
def version_preview(request, version_id):
    """A page with the PDF or image in it, for professionals; the file itself is audited too."""
    version = selectors.version_get(user=request.user, version_id=version_id)
    if not version.reader.is_professional or not version.is_previewable:
        raise Http404
    context = {
        "dossier": version.document.dossier,
        "document": version.document,
        "version": version,
        "is_pdf": version.content_type == ContentType.PDF,
    }
    return TemplateResponse(request, "documents/version_preview.html", context)


@login_required
def version_download(request, version_id):
    version = selectors.version_get(user=request.user, version_id=version_id)
    return _file_response(request, version, as_attachment=True)


# The preview page frames this one response (a PDF); nothing else may be framed.
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@login_required
def version_inline(request, version_id):
    version = selectors.version_get(user=request.user, version_id=version_id)
    if not version.reader.is_professional or not version.is_previewable:
        raise Http404
    return _file_response(request, version, as_attachment=False)


def _file_response(request, version: DocumentVersion, *, as_attachment: bool, api=False):
    try:
        opened = services.version_open(
            actor=request.user, version=version, remote_addr=client_address(request)
        )
    except services.Damaged:
        if api:
            return JsonResponse({"detail": DAMAGED}, status=409)
        context = {"dossier_id": version.document.dossier_id, "document": version.document}
        return TemplateResponse(request, "documents/damaged.html", context, status=409)
    content_type = version.content_type
    if content_type == ContentType.TEXT:
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(opened.file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        version.original_name, as_attachment=as_attachment
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


DAMAGED = gettext_lazy(
    "Dit bestand is niet meer hetzelfde als toen het werd toegevoegd, of het is er niet meer. "
    "Het wordt niet gegeven. Dit is gemeld."
)


def content_disposition(name: str, *, as_attachment: bool) -> str:
    """RFC 6266: an ASCII fallback for old clients and the real name as `filename*`."""
    disposition = "attachment" if as_attachment else "inline"
    fallback = name.encode("ascii", "ignore").decode().replace("\\", "_").replace('"', "_")
    fallback = fallback.strip() or "document"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
