"""Who is at the command line, and the case's access trail for what they read there.

The command line opens the store directly, so it has no account to sign in with: its reads
are recorded under the operating system's login name, `via` "cli", in the same trail as
page and API reads (the access log page lists them all). A read is recorded once the case
is found and before anything of it is printed or written."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from chronology.domain.access import Via

if TYPE_CHECKING:
    from chronology.service import ChronologyService


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command-line"


def record_read(service: ChronologyService, case: str, what: str) -> None:
    service.accounts.record_read(login_name(), case, what, Via.CLI)
