"""Every kind of record that belongs to a dossier, found from the models' own declarations.

Each model that is part of a dossier declares a `core.records.DossierRecord` as its
`dossier_record`. The visibility policy, the audit trail and destruction walk this registry, so
a model added in any app is seen, logged and destroyed like the others without being listed
here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

from core.records import DossierRecord


@dataclass(frozen=True)
class Kind:
    """A model with its declaration."""

    model: type[models.Model]
    record: DossierRecord

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self) -> str:
        """The model's name in the audit log (`content_type.model`)."""
        return self.model._meta.model_name


@cache
def kinds() -> tuple[Kind, ...]:
    """Every declared kind, in the order of the installed apps."""
    return tuple(
        Kind(model=model, record=model.dossier_record)
        for model in apps.get_models()
        if isinstance(getattr(model, "dossier_record", None), DossierRecord)
    )


def kind_of(model: type[models.Model]) -> Kind:
    """The declaration of one model; a model that declares none is a mistake, so this raises."""
    record = getattr(model, "dossier_record", None)
    if not isinstance(record, DossierRecord):
        raise LookupError(f"{model._meta.label} declares no dossier_record")
    return Kind(model=model, record=record)


def things() -> dict[str, str]:
    """What the family's access log calls each kind, by the model's name in the audit log."""
    return {kind.name: str(kind.record.thing) for kind in kinds()}
