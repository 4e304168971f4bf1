"""Request parsers for the API (DRF's DEFAULT_PARSER_CLASSES).

Outside `core.api` on purpose: DRF imports its parsers while `rest_framework.views` loads, before
`core.api` (which builds on those views) can be imported.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class NestedTooDeep(ParseError):
    default_detail = _("De JSON is te diep genest.")
    default_code = "nested_too_deep"


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, but JSON nested too deep for Python is a 400, not a 500.

    `json.loads` raises RecursionError on a body nested a few thousand levels deep.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise NestedTooDeep() from exc
