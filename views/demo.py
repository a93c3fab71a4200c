"""Loading the fictional demo cases (fixtures/demo/cases) into a fresh embedded store."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings

DEMO_CASES = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "cases"
DEMO_STORE = Path(".demo") / "chronology.sqlite"
# Printed by `make demo` for its fictional cases only: never use a demo store for real cases.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
DEMO_ACCOUNTS: tuple[tuple[str, Role, str | None, tuple[str, ...], str], ...] = (
    ("demo-admin", Role.ADMIN, None, (), "every case, the access logs"),
    ("demo-reviewer", Role.REVIEWER, None, ("DEMO-001", "DEMO-002"), "both cases, review tools"),
    ("demo-chair", Role.CHAIR, None, ("DEMO-001",), "DEMO-001, strategy discussions"),
    (
        "demo-police",
        Role.UPLOADER,
        "Northshire Police",
        ("DEMO-001",),
        "uploads for Northshire Police; sees only its entries",
    ),
)


def demo_extracts(case_dir: Path) -> list[Path]:
    """A case folder's extracts, in name order: workbooks, zips, JSON files and CSV folders."""
    return sorted(
        path
        for path in case_dir.iterdir()
        if path.is_dir() or path.suffix.lower() in (".xlsx", ".zip", ".json")
    )


def fresh_store(store: Path | None) -> Path:
    """The demo store, emptied first; a store outside .demo/ must not exist already."""
    path = store or DEMO_STORE
    if path.exists() and path.resolve().parent.name != ".demo":
        raise SystemExit(f"{path} already exists; the demo only loads into a new store")
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def load_demo(store: Path | None, console: Console) -> Path:
    path = fresh_store(store)
    service = open_service(Settings(store=path))
    try:
        for case_dir in sorted(p for p in DEMO_CASES.iterdir() if p.is_dir()):
            for extract in demo_extracts(case_dir):
                outcome = service.import_file(extract, case_dir.name, "demo")
                console.print(
                    f"{case_dir.name}: {extract.name}: "
                    f"{outcome.counts.entries_new} entries, "
                    f"{outcome.counts.people_new} people",
                    markup=False,
                )
        add_demo_accounts(service)
    finally:
        service.close()
    console.print(f"Demo store: {path}", markup=False)
    print_demo_logins(console)
    return path


def add_demo_accounts(service: ChronologyService) -> None:
    """One account per role, all with the demo password (the store holds fictional cases)."""
    for name, role, organisation, cases, _ in DEMO_ACCOUNTS:
        service.accounts.add_user(name, role, DEMO_PASSWORD, organisation, list(cases))


def print_demo_logins(console: Console) -> None:
    console.print(f"Demo logins (password {DEMO_PASSWORD} for each):", markup=False)
    for name, role, _, _, sees in DEMO_ACCOUNTS:
        console.print(f"  {name:<14} {role.value:<9} {sees}", markup=False)
