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

import re
import secrets
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape

from chronology.dates import LONDON
from chronology.domain.account import Account, Role
from chronology.rules.settings import settings_version
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
        settings_version(),
        query,
        account.role,
        sees,
    )


@dataclass(frozen=True)
class KeptPage:
    """A page as every viewer of a role sees it, cut at the marks so that filling them in
    for a reader is one copy (replacing them took a millisecond on the demo case's page)."""

    parts: tuple[bytes, ...]

    @classmethod
    def of(cls, page: bytes) -> KeptPage:
        return cls(tuple(_MARKS.split(page)))

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)

    def for_viewer(self, account: Account, csrf: str) -> bytes:
        """The page with the reader's own name and CSRF token in place of the marks."""
        own = {
            _NAME: str(escape(account.name)).encode(),
            _CSRF: str(escape(csrf)).encode(),
        }
        return b"".join([own.get(part, part) for part in self.parts])


_NAME, _CSRF = NAME_MARK.encode(), CSRF_MARK.encode()
_MARKS = re.compile(b"(" + _NAME + b"|" + _CSRF + b")")  # kept in the parts by the group
