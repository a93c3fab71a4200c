"""NHS numbers must pass the modulus-11 check."""

from __future__ import annotations

import pytest

from chronology.nhs import normalise_nhs_number, with_check_digit


@pytest.mark.parametrize("text", ["943 476 5919", "9434765919", "943-476-5919"])
def test_a_valid_number_is_read_in_any_spacing(text: str) -> None:
    assert normalise_nhs_number(text) == "9434765919"


@pytest.mark.parametrize("text", ["9434765918", "943476591", "94347659190", "abcdefghij", ""])
def test_a_wrong_check_digit_or_length_is_refused(text: str) -> None:
    assert normalise_nhs_number(text) is None


def test_nine_digits_whose_check_would_be_ten_cannot_be_completed() -> None:
    completions = [with_check_digit(f"99900000{n:01d}") for n in range(10)]
    assert all(c is None or normalise_nhs_number(c) == c for c in completions)
    assert with_check_digit("943476591") == "9434765919"
