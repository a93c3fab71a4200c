"""With CHRONOLOGY_CIPHER_KEY set, no name or summary can be read from the raw database file."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from chronology.bootstrap import open_service
from chronology.errors import StoreConfigurationError
from chronology.settings import Settings
from tests.builders import police_extract

KEY = base64.b64encode(bytes(range(32))).decode()
SECRETS = (b"Kerry", b"Walsh", b"neighbour heard shouting")


def _raw_bytes(store: Path) -> bytes:
    return b"".join(
        Path(f"{store}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{store}{suffix}").exists()
    )


def _load(store: Path, key: str | None, tmp_path: Path) -> list[dict[str, object]]:
    service = open_service(Settings(store=store, cipher_key=key))
    try:
        service.import_file(police_extract().write_csv_folder(tmp_path / "police"), "C-1", "u")
        return service.timeline("C-1")
    finally:
        service.close()


@pytest.mark.parametrize("key", [KEY, None], ids=["with-key", "without-key"])
def test_a_known_name_is_in_the_raw_file_only_without_a_key(
    key: str | None, tmp_path: Path
) -> None:
    store = tmp_path / "store.sqlite"
    entries = _load(store, key, tmp_path)
    assert entries[0]["subjects"][0]["name"] == "Kerry Doyle"  # type: ignore[index]
    raw = _raw_bytes(store)
    found = [secret for secret in SECRETS if secret in raw]
    assert found == ([] if key else list(SECRETS))


def test_the_store_reopens_with_its_key(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    _load(store, KEY, tmp_path)
    service = open_service(Settings(store=store, cipher_key=KEY))
    try:
        assert service.timeline("C-1")[0]["summary"].startswith("Call-out")
    finally:
        service.close()


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()])
def test_an_unusable_key_is_refused_without_echoing_it(bad: str) -> None:
    with pytest.raises(StoreConfigurationError) as refused:
        Settings(cipher_key=bad).eventsourcing_env()
    assert bad not in str(refused.value)
