from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(
        _("gemeentecode"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een gemeentecode ziet eruit als GM0344."))],
    )
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_TEAM = "local_team", _("Lokaal team (wijk- of buurtteam)")
        SAFETY_TEAM = "safety_team", _("Regionaal Veiligheidsteam")
        SPECIALIST = "specialist", _("Specialist")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        CHILD_PROTECTION_BOARD = "raad", _("Raad voor de Kinderbescherming")
        CERTIFIED_INSTITUTION = "gi", _("Gecertificeerde instelling")
        MUNICIPALITY = "municipality", _("Gemeente")
        OTHER = "other", _("Anders")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organisations",
        blank=True,
        verbose_name=_("werkt voor gemeenten"),
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        SAFETY_PROFESSIONAL = "safety_professional", _("Professional veiligheidsteam")
        FAMILY = "family", _("Gezinslid")
        ANALYST = "analyst", _("Beleidsmedewerker gemeente")
        ADMINISTRATOR = "administrator", _("Functioneel beheerder")
        COMPLAINTS_OFFICER = "complaints_officer", _("Klachtenfunctionaris")
        PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")

    PROFESSIONAL_ROLES = (Role.PROFESSIONAL, Role.SAFETY_PROFESSIONAL)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(
        _("rol"), max_length=20, choices=Role.choices, default=Role.PROFESSIONAL
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("organisatie"),
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return self.is_active and self.role in self.PROFESSIONAL_ROLES

    @property
    def is_local_team_professional(self) -> bool:
        return (
            self.is_professional
            and self.organisation is not None
            and self.organisation.kind == Organisation.Kind.LOCAL_TEAM
        )

    @property
    def is_safety_staff(self) -> bool:
        return (
            self.is_active
            and self.role == self.Role.SAFETY_PROFESSIONAL
            and self.organisation is not None
            and self.organisation.kind == Organisation.Kind.SAFETY_TEAM
        )

    @property
    def is_family(self) -> bool:
        return self.is_active and self.role == self.Role.FAMILY

    @property
    def is_analyst(self) -> bool:
        return self.is_active and self.role == self.Role.ANALYST

    @property
    def is_complaints_officer(self) -> bool:
        """Answers the complaints about the professionals of their own organisation (R10)."""
        return (
            self.is_active
            and self.role == self.Role.COMPLAINTS_OFFICER
            and self.organisation is not None
        )

    @property
    def is_privacy_officer(self) -> bool:
        """Confirms destructions (R15) from a list that shows no case content."""
        return self.is_active and self.role == self.Role.PRIVACY_OFFICER

    @property
    def needs_second_factor(self) -> bool:
        """Every account but a family member's signs in with a TOTP code too (BIO 5.17)."""
        return self.role != self.Role.FAMILY


class ApiToken(models.Model):
    """A key for the API (`Authorization: Token <key>`) that expires and can be revoked.

    Only a digest of the key is stored; the key is shown once, when it is made. The token
    also holds the session hash of the password it was made under, so a password change ends
    it just as it ends the user's sessions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    password_hash = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(_("gemaakt"))
    last_used = models.DateTimeField(_("laatst gebruikt"))
    expires = models.DateTimeField(_("verloopt"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.created:%Y-%m-%d %H:%M})"


class AccountRequest(models.Model):
    """A staff account, or a change to one, that waits for a second administrator (R6).

    A new account made in the admin starts inactive; a change of role, organisation or e-mail
    address, or switching an account back on, is kept here instead of on the account. Another
    administrator approves it, never the one who asked, never the account's own creator, never
    someone whose e-mail address the account would get, and never the account itself.
    `changes` holds, per field, the value when asked and the value asked for; the approval
    refuses when the account has moved on meanwhile.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("Nieuw account")
        CHANGE = "change", _("Wijziging")

    class State(models.TextChoices):
        PENDING = "pending", _("Wacht op goedkeuring")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PENDING
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_requests", verbose_name=_("account")
    )
    changes = models.JSONField(_("wijzigingen"), default=dict)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangevraagd door")
    )
    requested_at = models.DateTimeField(_("aangevraagd op"))
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("accountaanvraag")
        verbose_name_plural = _("accountaanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="pending"),
                name="one_pending_request_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"
