"""Whether the read models hold everything stored, in one query on most reads.

Every read of a case first makes sure the read models hold everything stored by any
process. Asking each read model in turn cost a dozen queries a read on PostgreSQL, because
every read also stores an access record, so the store's last position always moves.
Instead each look remembers how far it saw and what the views' stamps were then; the next
look reads the last stored position (one query) and, if it moved, asks once whether any
event the read models project arrived since (a second). Only if one did are the read models
caught up and their stamps read again.

A look's stamps identify what reads are built from: equal stamps mean equal contents, so
answers built from them can be reused (the API's timeline answers, the case pages).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chronology.projections.catchup import CatchUp


@dataclass(frozen=True)
class Look:
    """What the read models held when a look found them current."""

    head: int  # every event stored up to here is in the read models
    timeline: int  # the timeline view's stored position: it stamps the timeline's contents
    changed: int  # where the last event of the watched topics was seen: it stamps them all
    # Each case's people generation, read once per look that saw a change (a case's people
    # change only when people events are projected, which makes a new look).
    generations: dict[str, int] = field(default_factory=dict, compare=False)

    def generation(self, case_id: str, read: Callable[[str], int]) -> int:
        found = self.generations.get(case_id)
        if found is None:
            found = self.generations[case_id] = read(case_id)
        return found


class Freshness:
    """Brings `catch_ups` up to everything stored, cheaply when nothing of theirs is new.

    `also` names topics read from the store directly (not through a read model) that a
    look's `changed` stamp must cover as well."""

    def __init__(
        self,
        catch_ups: Sequence[CatchUp],
        catch_up_all: Callable[[], object],
        also: Sequence[str] = (),
    ) -> None:
        if not catch_ups or any(not catch_up.topics for catch_up in catch_ups):
            raise ValueError("every read model watched must name the topics it projects")
        self._catch_ups = tuple(catch_ups)
        self._catch_up_all = catch_up_all
        self._topics = sorted({*also, *(topic for c in catch_ups for topic in c.topics)})
        self._look: Look | None = None
        self._lock = threading.Lock()

    def look(self) -> Look:
        """The read models, current with everything stored when this was called."""
        timeline = self._catch_ups[0]
        head = timeline.head()
        last = self._look
        if last is not None and head <= last.head:
            return last  # nothing stored since the last look
        if last is not None and not self._projected_since(last.head, head):
            # Only records nothing watched reads (access records, sign-ins) since.
            for catch_up in self._catch_ups:
                catch_up.checked_to(head)
            return self._keep(Look(head, last.timeline, last.changed, last.generations))
        self._catch_up_all()
        return self._keep(Look(head, timeline.tracked(), head))

    def latest(self) -> Look:
        """The last look (a new one if there has been none), without asking the store."""
        return self._look or self.look()

    def _projected_since(self, after: int, head: int) -> bool:
        """Whether any event of the watched topics was stored in (`after`, `head`]."""
        return bool(
            self._catch_ups[0].events.select_notifications(
                start=after, limit=1, stop=head, topics=self._topics, inclusive_of_start=False
            )
        )

    def _keep(self, look: Look) -> Look:
        with self._lock:
            if self._look is None or look.head > self._look.head:
                self._look = look
        return look
