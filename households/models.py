from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.dates import age_on
from core.records import DossierRecord

from .validators import validate_bsn


class Household(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(
        _("naam huishouden"), max_length=100, help_text=_("Bijvoorbeeld de achternaam.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("gemeente"),
    )
    street_address = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    confidential_address = models.BooleanField(
        _("geheim adres"),
        default=False,
        help_text=_(
            "Bijvoorbeeld bij een verblijf in de opvang. Het adres wordt dan nergens getoond."
        ),
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    # Each edit through a service adds one; a form that carries an older number is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("de gegevens van het huishouden"),
        identity=("label", "street_address", "postcode", "city"),
    )

    class Meta:
        ordering = ["label"]
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return self.label


class Member(models.Model):
    class Role(models.TextChoices):
        PARENT = "parent", _("Ouder")
        CARER = "carer", _("Verzorger")
        CHILD = "child", _("Kind")
        GRANDPARENT = "grandparent", _("Grootouder")
        OTHER = "other", _("Ander gezinslid")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    role = models.CharField(_("rol in het huishouden"), max_length=20, choices=Role.choices)
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Niet verplicht."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
    )
    left_on = models.DateField(_("uit het huishouden op"), null=True, blank=True)
    # Each edit through a service adds one; a form that carries an older number is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="household__dossier",
        thing=_("de gegevens van een gezinslid"),
        about="pk",
        identity=("first_name", "last_name", "bsn"),
    )

    class Meta:
        ordering = ["date_of_birth"]
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        constraints = [
            # A person may live in two households (R5); within one, a BSN is there once.
            models.UniqueConstraint(
                fields=["household", "bsn"],
                condition=~Q(bsn="") & Q(left_on__isnull=True),
                name="member_bsn_unique_in_household",
            ),
        ]
        indexes = [
            # The safety team's search finds current members by date of birth.
            models.Index(
                fields=["date_of_birth"],
                condition=Q(left_on__isnull=True),
                name="member_current_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class NetworkContact(models.Model):
    """Someone from the family's own network: a neighbour, an aunt, a coach."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(_("naam"), max_length=200)
    relation = models.CharField(_("relatie tot het gezin"), max_length=100)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Each edit through a service adds one; a form that carries an older number is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="household__dossier",
        thing=_("een contact uit uw netwerk"),
        identity=("name", "relation", "phone", "email"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("netwerkcontact")
        verbose_name_plural = _("netwerkcontacten")

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"
