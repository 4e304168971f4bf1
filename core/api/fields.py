"""Input fields the API shares with the pages."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import empty

from core.text import clean


class TextField(serializers.CharField):
    """Free text with its limit from `core.text`; only whitespace or invisible characters is empty.

    The API twin of `core.forms.TextField`: `max_length` is required, so the limit is the page's.
    """

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def run_validation(self, data=empty):
        if self.trim_whitespace and isinstance(data, str):
            data = clean(data)
        return super().run_validation(data)
