"""NHS numbers: ten digits whose last is a modulus-11 check digit."""

from __future__ import annotations

_WEIGHTS = range(10, 1, -1)


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them (remainder 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def normalise_nhs_number(value: str) -> str | None:
    """The ten digits of a valid NHS number (spaces and dashes allowed), or None if invalid."""
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    return digits if check_digit(digits[:9]) == int(digits[9]) else None


def with_check_digit(first_nine: str) -> str | None:
    """Completes nine digits into a valid NHS number (for fixtures), or None if impossible."""
    check = check_digit(first_nine)
    return None if check is None else f"{first_nine}{check}"
