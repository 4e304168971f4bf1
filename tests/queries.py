"""What pinned query counts have in common."""

from __future__ import annotations

from django.db import connection

# Sealing one batch of access events or audit rows (casefile.seals, R12): read the rows back,
# read the chain's head, insert the seals; PostgreSQL first takes the chain's advisory lock.
SEAL = 4 if connection.vendor == "postgresql" else 3
