"""Uploads waiting for their uploader to confirm the preview, shared by every server process.

Between the preview and the confirm the parsed extract waits in the store's database
(`chronology/held_uploads.py`), sealed under a key derived from a random token that only the
uploader holds (their session and the confirm form): the database alone cannot open it. It
is given back only to the same account for the same case, within 30 minutes. At most
MAX_WAITING uploads, of MAX_WAITING_ROWS rows in all, are held: a new preview replaces the
same account's earlier one, and past either bound the oldest are dropped. Confirming takes
the upload out, so one preview is stored at most once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from fastapi import Request

from chronology.domain.account import name_key
from chronology.domain.extract import ImportCounts
from chronology.held_uploads import HeldUploads, owner_of, seal, ticket, unseal
from chronology.import_preview import ImportPreview
from chronology.records import ParsedExtract

WAIT_SECONDS = 30 * 60
MAX_WAITING = 20
MAX_WAITING_ROWS = 500_000  # a few hundred MB of records at most, whatever the files


@dataclass(frozen=True)
class PendingUpload:
    """A previewed upload: for which case, the records, and the counts the preview showed."""

    case_ref: str
    parsed: ParsedExtract
    counts: ImportCounts


class PendingUploads:
    """The waiting uploads by token, in the store's database; safe across threads and processes."""

    def __init__(
        self,
        table: HeldUploads,
        seconds: float = WAIT_SECONDS,
        limit: int = MAX_WAITING,
        clock: Callable[[], float] = time.time,
        row_limit: int = MAX_WAITING_ROWS,
    ) -> None:
        self.table, self.seconds, self.limit, self.clock = table, seconds, limit, clock
        self.row_limit = row_limit

    def hold(
        self, account: str, case_ref: str, parsed: ParsedExtract, preview: ImportPreview
    ) -> str:
        """Keeps a previewed upload; returns its new token."""
        token = secrets.token_urlsafe(32)
        opened = ticket(token)
        document = {
            "case_ref": case_ref,
            "parsed": parsed.model_dump(mode="json"),
            "counts": preview.counts.model_dump(mode="json"),
        }
        rows = len(parsed.entries) + len(parsed.people) + len(parsed.relationships)
        sealed = seal(opened.key, orjson.dumps(document))
        self.table.put(opened.upload_id, owner_of(name_key(account)), self._now(), rows, sealed)
        self.table.keep_within(self._oldest(), self.limit, self.row_limit)
        return token

    def take(self, token: str, account: str, case_ref: str) -> PendingUpload | None:
        """The upload, taken out, if it is this account's for this case and still fresh."""
        self.table.keep_within(self._oldest(), self.limit, self.row_limit)
        opened = ticket(token)
        sealed = self.table.take(opened.upload_id, owner_of(name_key(account)))
        data = None if sealed is None else unseal(opened.key, sealed)
        if data is None:
            return None
        document = orjson.loads(data)
        if document["case_ref"] != case_ref:
            return None
        parsed = ParsedExtract.model_validate(document["parsed"])
        return PendingUpload(case_ref, parsed, ImportCounts.model_validate(document["counts"]))

    def drop(self, token: str, account: str) -> None:
        """Forgets an upload its uploader cancelled."""
        self.table.drop(ticket(token).upload_id, owner_of(name_key(account)))

    def __len__(self) -> int:
        return self.table.count(self._oldest())

    def _now(self) -> int:
        return int(self.clock() * 1000)

    def _oldest(self) -> int:
        return self._now() - int(self.seconds * 1000)


_making = threading.Lock()


def pending_uploads(request: Request) -> PendingUploads:
    """The app's waiting uploads (made on first use, once, whichever thread asks first)."""
    state = request.app.state
    with _making:
        held: PendingUploads | None = getattr(state, "pending_uploads", None)
        if held is None:
            held = state.pending_uploads = PendingUploads(state.service.held_uploads)
    return held
