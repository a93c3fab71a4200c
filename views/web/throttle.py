"""Slowing password guessing on the login form.

After too many failed sign-ins for one name, or from one address, within a window, further
attempts are refused (429) without checking the password, until the window has moved on. The
failures are counted in the store's database (`chronology/login_failures.py`), so every
server process counts the same ones, and a restart forgets nothing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from chronology.domain.account import name_key
from chronology.login_failures import LoginFailures

WINDOW_SECONDS = 15 * 60
MOST_PER_NAME = 5
MOST_PER_ADDRESS = 20


class LoginThrottle:
    """Failed sign-ins per name and per client address, in a sliding window."""

    def __init__(self, failures: LoginFailures, clock: Callable[[], float] = time.time) -> None:
        self.failures, self.clock = failures, clock

    def wait_seconds(self, name: str, address: str) -> int:
        """0 if an attempt may be made now, else how long until one may."""
        now = self.clock()
        limits = ((_name(name), MOST_PER_NAME), (_address(address), MOST_PER_ADDRESS))
        return max(self._wait(key, most, now) for key, most in limits)

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        keys = [_name(name), _address(address)]
        self.failures.record(keys, _ms(now), _ms(now - WINDOW_SECONDS))

    def succeeded(self, name: str) -> None:
        self.failures.clear(_name(name))

    def _wait(self, key: str, most: int, now: float) -> int:
        count, oldest = self.failures.since(key, _ms(now - WINDOW_SECONDS))
        if count < most or oldest is None:
            return 0
        return max(1, math.ceil(oldest / 1000 + WINDOW_SECONDS - now))


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


def _name(name: str) -> str:
    return "name:" + name_key(name)


def _address(address: str) -> str:
    return "address:" + address
