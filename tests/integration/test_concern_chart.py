"""The cumulative concern series through the service, on built cases and the demo; its chart."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from chronology.bootstrap import open_service
from chronology.rules.concern import ConcernMonth, ConcernSeries
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, POLICE, ExtractBuilder
from views.concern_chart import case_chart_png, concern_png

CASE = "RR-CONCERN"
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "cases" / "DEMO-001"


@pytest.fixture
def memory() -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield service
    service.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    service = open_service(Settings(store=tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    for extract in sorted(DEMO.iterdir()):
        service.import_file(extract, "DEMO-001", "test")
    yield service
    service.close()


def _police(*incidents: str) -> ExtractBuilder:
    builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
    for number, occurred in enumerate(incidents):
        attributes = '{"children_present": true}'
        builder.event(
            f"N{number}", occurred, "domestic_abuse_incident", "P1", attributes=attributes
        )
    return builder


def _gp(*events: tuple[str, str, str]) -> ExtractBuilder:
    builder = ExtractBuilder(organisation=GP, agency="gp")
    builder.person("G1", "Finn", "Doyle", date_of_birth="14/08/2024")
    for ref, occurred, event_type in events:
        builder.event(ref, occurred, event_type, "G1")
    return builder


def _import(service: ChronologyService, tmp_path: Path, *builders: ExtractBuilder) -> None:
    for builder in builders:
        folder = tmp_path / builder.organisation.replace(" ", "-")
        service.import_file(builder.write_csv_folder(folder), CASE, "test")


def _month(series: ConcernSeries, month: str) -> ConcernMonth:
    return next(found for found in series.months if found.month == month)


def test_each_agency_total_in_a_month_is_the_sum_of_its_weights(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(
        ("R1", "01/11/2024", "appointment_missed"),
        ("R2", "01/12/2024", "appointment_missed"),
        ("R3", "02/12/2024", "injury_observed"),  # Finn is 110 days old: 5
        ("R4", "03/12/2024", "home_visit"),  # no weight
    )
    _import(memory, tmp_path, _police("01/09/2024", "01/10/2024"), gp)
    [finn] = memory.concern_series(CASE, date(2024, 12, 31))
    assert _month(finn, "2024-11").by_agency == {POLICE: 6, GP: 1}
    assert _month(finn, "2024-12").by_agency == {POLICE: 6, GP: 7}
    assert _month(finn, "2024-12").total == 13
    assert finn.threshold_reached_on == date(2024, 12, 2)


def test_the_rolling_window_drops_entries_older_than_twelve_months(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _police("01/09/2024", "01/10/2024"))
    [finn] = memory.concern_series(CASE, date(2025, 10, 15))
    assert [_month(finn, month).total for month in ("2025-08", "2025-09", "2025-10")] == [6, 3, 0]


def test_the_as_at_day_leaves_out_entries_recorded_after_it(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/11/2024", "appointment_missed"))
    gp.events[0]["recorded_on"] = "20/11/2024"
    _import(memory, tmp_path, _police("01/09/2024"), gp)
    [before] = memory.concern_series(CASE, date(2024, 11, 15))
    [after] = memory.concern_series(CASE, date(2024, 11, 20))
    assert before.agencies == [POLICE] and before.months[-1].total == 3
    assert after.months[-1].by_agency == {POLICE: 3, GP: 1}
    assert after.months[-1].as_at == date(2024, 11, 20)


def test_the_demo_series_agrees_with_the_demo_readme(demo: ChronologyService) -> None:
    finn = next(
        s
        for s in demo.concern_series("DEMO-001", date(2024, 11, 6))
        if s.child_name == "Finn Doyle"
    )
    november = finn.months[-1]
    assert (november.month, november.as_at) == ("2024-11", date(2024, 11, 6))
    assert {name: points for name, points in november.by_agency.items() if points} == {
        "Northshire Police": 3,
        "Northshire Maternity Service": 2,
        "Riverside Surgery": 7,
        "Northshire Children's Social Care": 4,
    }
    assert november.total == 16 and max(november.by_agency.values()) < finn.threshold
    assert finn.threshold_reached_on == date(2024, 10, 9)
    assert _month(finn, "2024-09").total < 10 <= _month(finn, "2024-10").total


def test_the_demo_flag_and_the_series_cross_on_the_same_day(demo: ChronologyService) -> None:
    [flag] = [
        f
        for f in demo.flags("DEMO-001", date(2024, 11, 6))
        if f.rule == "cumulative-risk" and "Finn" in f.explanation
    ]
    finn = next(
        s for s in demo.concern_series("DEMO-001", date(2024, 11, 6)) if s.child_id in flag.children
    )
    assert flag.window is not None and flag.window.to_date == finn.threshold_reached_on


def _png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_the_demo_chart_is_an_a4_png_with_a_panel_per_child(demo: ChronologyService) -> None:
    series = demo.concern_series("DEMO-001", date(2024, 11, 6))
    image = _png(case_chart_png("DEMO-001", series))
    assert image.width == 1753 and image.height >= 1240  # A4 landscape at 150 dpi, or taller
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert len(colours) > 50  # not blank: bars, text and anti-aliasing
    assert (0xCC, 0x66, 0x77) in colours  # the first organisation's colour is drawn
    assert (0, 0, 0) in colours  # the threshold line and the text


def test_names_with_dollar_signs_are_drawn_as_text_not_mathtext() -> None:
    month = ConcernMonth(
        month="2024-09", as_at=date(2024, 9, 30), by_agency={"Dr $\\frac{$ Clinic": 4}, total=4
    )
    series = ConcernSeries(
        child_id="c",
        child_name="A $x^2$ B",
        threshold=10,
        window_days=365,
        as_at=date(2024, 9, 30),
        agencies=["Dr $\\frac{$ Clinic"],
        months=[month],
        threshold_reached_on=None,
    )
    assert _png(concern_png([series], "Case $\\frac{$")).width == 1753


def test_a_case_with_no_concern_still_draws_a_chart(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _gp(("R1", "01/11/2024", "home_visit")))
    series = memory.concern_series(CASE, date(2024, 12, 31))
    assert [s.months for s in series] == [[]]
    assert _png(case_chart_png(CASE, series)).height >= 1240
