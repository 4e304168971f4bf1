"""Documents on the dossier page and in the family portal, so those views need not know them."""

from __future__ import annotations

from django import template

from casefile import access, visibility
from documents import selectors
from documents.forms import DocumentForm
from documents.views import current_members

register = template.Library()


@register.simple_tag(takes_context=True)
def dossier_documents(context, dossier) -> dict:
    """The professional's panel: every document with its newest version, and the upload form."""
    user = context["user"]
    reader = visibility.professional_reader(user, dossier)
    # Adding is allowed exactly when writing is, for a professional (casefile.access); the
    # dossier page already asked for `can_write`, so reuse it and save a query.
    if "can_write" in context:
        can_add = bool(context["can_write"]) and user.is_professional
    else:
        can_add = access.can_add_document(user, dossier)
    documents = list(selectors.document_list(reader=reader))
    for document in documents:
        document.latest = selectors.latest(document)
    form = DocumentForm(members=current_members(dossier)) if can_add else None
    return {"documents": documents, "form": form}


@register.simple_tag
def family_documents(reader) -> list:
    """The family-visible documents the reader may see (the visibility policy, 12–15 rule)."""
    documents = list(selectors.document_list(reader=reader))
    for document in documents:
        document.latest = selectors.latest(document)
    return [document for document in documents if document.latest is not None]
