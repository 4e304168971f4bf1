"""What pinned query counts have in common."""

from __future__ import annotations

# Sealing one batch of access events or audit rows (casefile.seals, R12): read the rows back
# (on PostgreSQL the same statement takes the chain's advisory lock), read the chain's head,
# insert the seals.
SEAL = 3
