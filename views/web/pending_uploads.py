"""Uploads waiting for their uploader to confirm the preview, held in this process's memory.

Between the preview and the confirm the parsed extract is kept in memory, never on disk: it
holds personal data. Each waits under a random token that is also kept in the uploader's
session, and is given back only to the same account for the same case, within 30 minutes.
At most MAX_WAITING uploads, of MAX_WAITING_ROWS rows in all, are held: a new preview
replaces the same account's earlier one, and past either bound the oldest are dropped. A
restart drops them all; the uploader uploads again. Confirming takes the upload out, so one
preview is stored at most once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from chronology.domain.account import name_key
from chronology.import_preview import ImportPreview
from chronology.records import ParsedExtract

WAIT_SECONDS = 30 * 60
MAX_WAITING = 20
MAX_WAITING_ROWS = 500_000  # a few hundred MB of records at most, whatever the files


@dataclass(frozen=True)
class PendingUpload:
    """A previewed upload: whose, for which case, the records, and what the preview showed."""

    account: str
    case_ref: str
    parsed: ParsedExtract
    preview: ImportPreview
    held_at: float

    @property
    def rows(self) -> int:
        parsed = self.parsed
        return len(parsed.entries) + len(parsed.people) + len(parsed.relationships)


class PendingUploads:
    """The waiting uploads by token; safe to use from the server's worker threads."""

    def __init__(
        self,
        seconds: float = WAIT_SECONDS,
        limit: int = MAX_WAITING,
        clock: Callable[[], float] = time.monotonic,
        row_limit: int = MAX_WAITING_ROWS,
    ) -> None:
        self.seconds, self.limit, self.clock = seconds, limit, clock
        self.row_limit = row_limit
        self._held: OrderedDict[str, PendingUpload] = OrderedDict()
        self._lock = threading.Lock()

    def hold(
        self, account: str, case_ref: str, parsed: ParsedExtract, preview: ImportPreview
    ) -> str:
        """Keeps a previewed upload; returns its new token."""
        token = secrets.token_urlsafe(32)
        with self._lock:  # held in time order, so the expired are always the first
            pending = PendingUpload(name_key(account), case_ref, parsed, preview, self.clock())
            self._forget_expired()
            for earlier in [t for t, p in self._held.items() if p.account == pending.account]:
                del self._held[earlier]
            self._held[token] = pending
            while len(self._held) > 1 and self._over_bounds():
                self._held.popitem(last=False)
        return token

    def take(self, token: str, account: str, case_ref: str) -> PendingUpload | None:
        """The upload, taken out, if it is this account's for this case and still fresh."""
        with self._lock:
            self._forget_expired()
            pending = self._held.get(token)
            if pending is None or (pending.account, pending.case_ref) != (
                name_key(account),
                case_ref,
            ):
                return None
            return self._held.pop(token)

    def drop(self, token: str, account: str) -> None:
        """Forgets an upload its uploader cancelled."""
        with self._lock:
            pending = self._held.get(token)
            if pending is not None and pending.account == name_key(account):
                del self._held[token]

    def __len__(self) -> int:
        with self._lock:
            self._forget_expired()
            return len(self._held)

    def _over_bounds(self) -> bool:
        rows = sum(pending.rows for pending in self._held.values())
        return len(self._held) > self.limit or rows > self.row_limit

    def _forget_expired(self) -> None:
        oldest_kept = self.clock() - self.seconds
        while self._held:
            token, pending = next(iter(self._held.items()))
            if pending.held_at > oldest_kept:
                return
            del self._held[token]


_making = threading.Lock()


def pending_uploads(request: Request) -> PendingUploads:
    """The app's waiting uploads (made on first use, once, whichever thread asks first)."""
    state = request.app.state
    with _making:
        held: PendingUploads | None = getattr(state, "pending_uploads", None)
        if held is None:
            held = state.pending_uploads = PendingUploads()
    return held
