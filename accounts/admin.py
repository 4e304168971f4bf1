"""The admin holds accounts and organisations only: no case content (R6).

A functional administrator cannot give anyone, himself included, more than the role the account
has (R6):
- his own account's role, organisation and status are read-only to him;
- there is no superuser, staff, group or permission field anywhere: the first superuser comes
  from `createsuperuser`, and an account's rights follow from its role;
- he never sets, resets or learns a password: a new account starts without a usable one and
  its owner chooses one through the invitation link;
- accounts are deactivated, never deleted, so the audit trail keeps its actors (R12);
- family accounts are not listed: the lead of their dossier manages them;
- four eyes (accounts/four_eyes.py): a new staff account stays inactive, and a change of role,
  organisation or e-mail address (or switching an account back on) stays a pending request,
  until a second administrator approves it under "Accountaanvragen"; the invitation goes out
  only then. Nobody approves what he asked for, an account he made, or his own e-mail address.
Every change goes through the model's save, so django-auditlog records it with its actor.
"""

from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import four_eyes
from .models import AccountRequest, Municipality, Organisation, User
from .second_factor import second_factor_reset
from .services import administrator_rights_grant, staff_invitation_queue

# Audit rows hold case data and must never be changed through the application (R12).
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
# Second-factor devices hold their secrets: nobody reads or edits them here. A lost device is
# reset with the account action "Tweede stap opnieuw instellen".
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]

    def has_delete_permission(self, request, obj=None):
        return False


class AccountAddForm(forms.ModelForm):
    """A new account: who it is and its role. No password: the owner chooses one."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        # Family accounts start from their dossier (the lead), not from the admin.
        self.fields["role"].choices = [
            choice for choice in self.fields["role"].choices if choice[0] != User.Role.FAMILY
        ]

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        refusal = four_eyes.email_refusal(actor=self.actor, email=email)
        if refusal:
            raise forms.ValidationError(refusal)
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.is_active = False  # until a second administrator approves (four eyes)
        if commit:
            user.save()
        return user


class AccountChangeForm(forms.ModelForm):
    """The change form: an e-mail address of one's own or of another account is refused, and
    a change that would wait for approval is refused while another one waits."""

    actor: User

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "organisation"]
        fields += ["is_active"]

    def clean(self):
        cleaned = super().clean()
        if "email" in self.changed_data:
            refusal = four_eyes.email_refusal(
                actor=self.actor, email=cleaned.get("email") or "", user=self.instance
            )
            if refusal:
                self.add_error("email", refusal)
        watched = [f for f in four_eyes.WATCHED_FIELDS if f in self.changed_data]
        if (
            watched
            and four_eyes.pending_request(self.instance) is not None
            and not (watched == ["is_active"] and not cleaned.get("is_active"))
        ):
            raise forms.ValidationError(
                _("Voor dit account wacht al een wijziging op goedkeuring. Wacht daar eerst op.")
            )
        return cleaned


ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "phone")
ROLE_FIELDS = ("role", "organisation")
STATUS_FIELDS = ("is_active", "last_login", "date_joined")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        (_("Account"), {"fields": ACCOUNT_FIELDS}),
        (_("Rol in Gezinsdossier"), {"fields": ROLE_FIELDS}),
        (_("Status"), {"fields": STATUS_FIELDS}),
    )
    form = AccountChangeForm
    add_form = AccountAddForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (_("Rol in Gezinsdossier"), {"fields": ROLE_FIELDS}),
    )
    filter_horizontal = ()
    actions = ["deactivate", "invite_again", "reset_second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(role=User.Role.FAMILY)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += [*ROLE_FIELDS, "is_active"]
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            readonly += [*ACCOUNT_FIELDS, *ROLE_FIELDS, "is_active"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        role = form.base_fields.get("role")
        if role is not None and obj is not None and obj.role != User.Role.FAMILY:
            role.choices = [choice for choice in role.choices if choice[0] != User.Role.FAMILY]
        return form

    def save_model(self, request, obj, form, change):
        changes = {}
        if change:
            # What could open access is kept as a request; the rest is saved now (four eyes).
            before = User.objects.get(pk=obj.pk)
            changes = four_eyes.watched_changes(before=before, after=obj)
            for field in changes:
                setattr(
                    obj,
                    "organisation_id" if field == "organisation" else field,
                    getattr(before, "organisation_id" if field == "organisation" else field),
                )
        # Rights follow from the role: only administrators reach the admin.
        obj.is_staff = obj.is_superuser or obj.role == User.Role.ADMINISTRATOR
        super().save_model(request, obj, form, change)
        if obj.role == User.Role.ADMINISTRATOR:
            administrator_rights_grant(obj)
        else:
            obj.user_permissions.clear()
        if not change:
            four_eyes.account_request_new(actor=request.user, user=obj)
            self.message_user(
                request,
                _(
                    "Het account wacht op goedkeuring door een tweede beheerder. Pas daarna "
                    "krijgt de eigenaar de uitnodiging."
                ),
                messages.WARNING,
            )
        elif changes:
            four_eyes.account_request_change(actor=request.user, user=obj, changes=changes)
            self.message_user(
                request,
                _(
                    "De wijziging van rol, organisatie, e-mailadres of activering wacht op "
                    "goedkeuring door een tweede beheerder. De rest is opgeslagen."
                ),
                messages.WARNING,
            )

    def has_delete_permission(self, request, obj=None):
        return False

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password here; the owner uses the invitation link."""
        raise Http404

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Geselecteerde accounts uitschakelen"), permissions=["change"])
    def deactivate(self, request, queryset):
        changed = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])  # one audited change per account
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d account uitgeschakeld.", "%(count)d accounts uitgeschakeld.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Uitnodiging opnieuw sturen"), permissions=["change"])
    def invite_again(self, request, queryset):
        invited = 0
        for user in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            if not user.has_usable_password():
                staff_invitation_queue(user)
                invited += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d uitnodiging verstuurd.", "%(count)d uitnodigingen verstuurd.", invited
            )
            % {"count": invited},
            messages.SUCCESS,
        )

    @admin.action(description=_("Tweede stap opnieuw instellen"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """A lost phone: the owner links a new app at the next sign-in, and is e-mailed."""
        reset = 0
        for user in queryset.exclude(pk=request.user.pk).filter(is_active=True):
            second_factor_reset(actor=request.user, user=user)
            reset += 1
        self.message_user(
            request,
            ngettext(
                "De tweede stap van %(count)d account is opnieuw ingesteld.",
                "De tweede stap van %(count)d accounts is opnieuw ingesteld.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    """Pending accounts and changes: a second administrator approves or refuses them."""

    list_display = ["user", "kind", "summary", "requested_by", "requested_at", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["user", "requested_by"]
    fields = [
        "user",
        "kind",
        "summary",
        "requested_by",
        "requested_at",
        "state",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("wijziging"))
    def summary(self, obj):
        names = {
            "role": _("rol"),
            "organisation": _("organisatie"),
            "email": _("e-mailadres"),
            "is_active": _("actief"),
        }
        organisations = {
            str(o.pk): o.name
            for o in Organisation.objects.filter(
                pk__in=[v for v in obj.changes.get("organisation", []) if v]
            )
        }

        def shown(field, value):
            if field == "role":
                return User.Role(value).label if value else "–"
            if field == "organisation":
                return organisations.get(value, "–")
            if field == "is_active":
                return _("ja") if value else _("nee")
            return value or "–"

        return "; ".join(
            f"{names.get(field, field)}: {shown(field, old)} → {shown(field, new)}"
            for field, (old, new) in obj.changes.items()
        )

    @admin.action(description=_("Geselecteerde aanvragen goedkeuren"), permissions=["change"])
    def approve(self, request, queryset):
        for account_request in queryset.select_related("user", "requested_by"):
            try:
                four_eyes.account_request_approve(
                    actor=request.user, account_request=account_request
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{account_request.user}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(account)s: goedgekeurd.") % {"account": account_request.user},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Geselecteerde aanvragen afwijzen"), permissions=["change"])
    def reject(self, request, queryset):
        for account_request in queryset.select_related("user"):
            try:
                four_eyes.account_request_reject(
                    actor=request.user, account_request=account_request
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{account_request.user}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(account)s: afgewezen.") % {"account": account_request.user},
                    messages.SUCCESS,
                )
