"""Case pages kept while nothing they show has changed.

A chair's case page takes tens of milliseconds to build (rules, the lanes and family
pictures, a table row per entry); under a strategy discussion's load that queued every
reader behind it. A page is kept per what it is built from: the case's stamp (where the last
change to entries, people, flag reviews or reviewers' work was stored), the day (flags count
days), the rule settings, the query, and what the viewer's role lets them see (an uploader's
own organisation). The signed-in name and the session's CSRF token are the only parts of a
page that belong to one viewer: a kept page holds marks in their place, filled in, escaped,
for each reader.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape

from chronology.dates import LONDON
from chronology.domain.account import Account, Role
from chronology.rules.settings import rule_settings
from chronology.service import ChronologyService

# Letters and digits only, so escaping leaves them as they are; new in every process.
NAME_MARK = f"viewer{secrets.token_hex(16)}"
CSRF_MARK = f"csrf{secrets.token_hex(16)}"


@dataclass(frozen=True)
class Viewer:
    """The signed-in account as a kept page shows it: its role, and a mark for its name."""

    role: Role
    name: str = NAME_MARK


def page_key(service: ChronologyService, case: str, account: Account, query: str) -> Hashable:
    """Equal keys mean equal pages but for the viewer's name and CSRF token."""
    sees = account.organisation if account.role is Role.UPLOADER else None
    return (
        service.case_stamp(case),
        datetime.now(LONDON).date(),
        repr(rule_settings()),
        query,
        account.role,
        sees,
    )


def for_viewer(page: bytes, account: Account, csrf: str) -> bytes:
    """A kept page with the reader's own name and CSRF token in place of the marks."""
    return page.replace(NAME_MARK.encode(), str(escape(account.name)).encode()).replace(
        CSRF_MARK.encode(), str(escape(csrf)).encode()
    )
