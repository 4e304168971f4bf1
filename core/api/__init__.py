"""The ground every API view stands on: declared access, JSON errors, documentation."""

from .base import Access, ApiView, Page, documented

__all__ = ["Access", "ApiView", "Page", "documented"]
