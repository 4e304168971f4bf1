"""The admin holds accounts and organisations only: no case content (R6)."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation, User

# Audit rows hold case data and must never be changed through the application (R12).
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Rol in Gezinsdossier"), {"fields": ("role", "organisation", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rol in Gezinsdossier"), {"fields": ("role", "organisation", "email")}),
    )
