"""Slowing password guessing on the login form.

After too many failed sign-ins for one name, or from one address, within a window, further
attempts are refused (429) without checking the password, until the window has moved on. Kept
in the server's memory: a restart forgets it, which is no help to a guesser at these numbers.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from chronology.domain.account import name_key

WINDOW_SECONDS = 15 * 60
MOST_PER_NAME = 5
MOST_PER_ADDRESS = 20


class LoginThrottle:
    """Failed sign-ins per name and per client address, in a sliding window."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait_seconds(self, name: str, address: str) -> int:
        """0 if an attempt may be made now, else how long until one may."""
        now = self.clock()
        with self._lock:
            waits = [
                self._wait(key, most, now)
                for key, most in (
                    (_name(name), MOST_PER_NAME),
                    (_address(address), MOST_PER_ADDRESS),
                )
            ]
        return max(waits)

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (_name(name), _address(address)):
                self._failures[key].append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(_name(name), None)

    def _wait(self, key: str, most: int, now: float) -> int:
        failures = self._failures.get(key)
        if not failures:
            return 0
        while failures and failures[0] <= now - WINDOW_SECONDS:
            failures.popleft()
        if len(failures) < most:
            if not failures:
                self._failures.pop(key, None)
            return 0
        return max(1, math.ceil(failures[0] + WINDOW_SECONDS - now))


def _name(name: str) -> str:
    return "name:" + name_key(name)


def _address(address: str) -> str:
    return "address:" + address
