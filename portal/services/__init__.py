"""Writes of the family portal: family accounts and PDF copies."""

from .accounts import family_account_create, family_invitation_resend
from .copies import copies_purge_expired, copy_download, copy_render, copy_request

__all__ = [
    "copies_purge_expired",
    "copy_download",
    "copy_render",
    "copy_request",
    "family_account_create",
    "family_invitation_resend",
]
