"""The CIN census adapter reads a DfE census return into the child's people and dated entries,
placing every problem at its element and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adapters import cin_census
from adapters.canonical import MetadataOverrides
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord, ParsedExtract, PersonRecord, RowRef
from chronology.vocabulary import Agency, EventType, Sex

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "fixtures" / "formats" / "cin_census" / "northshire-cin-2026.xml"
COUNCIL = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL")
TODAY = date(2026, 4, 30)

HEADER = """<Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
      <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>Mosaic</SoftwareCode>
      <SerialNo>001</SerialNo><DateTime>2026-04-20T09:15:00</DateTime></Source>
  </Header>"""


def census(*children: str, header: str = HEADER) -> str:
    return f"<Message>\n  {header}\n  <Children>\n{''.join(children)}  </Children>\n</Message>\n"


def child(*episodes: str, identifiers: str = "", la_child_id: str = "NS2000001") -> str:
    ids = f"<LAchildID>{la_child_id}</LAchildID>" if la_child_id else ""
    return (
        f"<Child>\n<ChildIdentifiers>{ids}\n{identifiers or '<GenderCurrent>1</GenderCurrent>'}"
        "\n</ChildIdentifiers>\n<ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        f"</ChildCharacteristics>\n{''.join(episodes)}</Child>\n"
    )


def episode(*parts: str, referral: str = "2025-09-15") -> str:
    return (
        f"<CINdetails>\n<CINreferralDate>{referral}</CINreferralDate>\n"
        f"<ReferralSource>6</ReferralSource>\n{''.join(parts)}\n"
        "<ReferralNFA>false</ReferralNFA>\n</CINdetails>\n"
    )


def read_text(text: str, tmp_path: Path, name: str = "census.xml") -> ParsedExtract:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return cin_census.read(path, COUNCIL, today=TODAY)


def northshire() -> ParsedExtract:
    return cin_census.read(NORTHSHIRE, COUNCIL, today=TODAY)


def _by_ref(parsed: ParsedExtract) -> dict[str, EntryRecord]:
    return {entry.record_ref: entry for entry in parsed.entries}


# --------------------------------------------------------------------- the Northshire return


def test_the_northshire_return_reads_without_a_problem() -> None:
    parsed = northshire()
    assert parsed.problems == ()
    assert parsed.metadata is not None
    assert parsed.metadata.organisation == "NORTHSHIRE COUNTY COUNCIL"
    assert parsed.metadata.agency is Agency.CHILDRENS_SOCIAL_CARE
    assert parsed.metadata.area == "LEA 999"
    assert parsed.metadata.source_system == "CIN census 2026 (Mosaic)"
    assert parsed.metadata.extracted_on == FuzzyDate.of(date(2026, 4, 20))


def test_the_northshire_return_reads_to_exactly_these_people() -> None:
    assert northshire().people == (
        PersonRecord(
            origin=RowRef(sheet="ChildIdentifiers", row=22),
            person_ref="NS1001234",
            la_child_id="NS1001234",
            date_of_birth=FuzzyDate.of(date(2022, 9, 18)),
            sex=Sex.MALE,
            extra={"ethnicity": "White British (WBRI)"},
        ),
        PersonRecord(
            origin=RowRef(sheet="ChildIdentifiers", row=102),
            person_ref="NS1002468",
            la_child_id="NS1002468",
            expected_birth_date=FuzzyDate.of(date(2026, 5, 10)),
            sex=Sex.UNKNOWN,
            extra={"ethnicity": "Information not yet obtained (NOBT)"},
        ),
        PersonRecord(
            origin=RowRef(sheet="ChildIdentifiers", row=134),
            person_ref="NS1003579",
            la_child_id="NS1003579",
            upn="H801200001001",
            date_of_birth=FuzzyDate.of(date(2014, 6, 30)),
            sex=Sex.FEMALE,
            extra={
                "ethnicity": "White and Black Caribbean (MWBC)",
                "disabilities": "communication (COMM)",
            },
        ),
    )


S47 = "Section 47 enquiry started (the census records this as the date of the strategy discussion)"
ICPC = "Initial child protection conference"
REVIEW = "Child protection review conference"
EXPECTED_ENTRIES = [
    # (sheet, line, record_ref, event type, date, summary)
    ("CINdetails", 31, "NS1001234/2024-11-04/referral", "referral", "2024-11-04",
     "Referral received from a health visitor; primary need: abuse or neglect"),
    ("Assessments", 38, "NS1001234/2024-11-04/assessment/2024-11-05", "assessment_started",
     "2024-11-05", "Assessment started"),
    ("Assessments", 39, "NS1001234/2024-11-04/assessment/2024-11-05/authorised",
     "assessment_completed", "2024-12-16",
     "Assessment completed and authorised (it started 05/11/2024); factors identified:"
     " domestic abuse: a parent or carer is subject to it (3B); mental health of a parent or"
     " carer (4B); neglect (16A)"),
    ("CINPlanDates", 47, "NS1001234/2024-11-04/cin-plan/2025-04-14", "cin_plan_started",
     "2025-04-14", "Child in need plan started"),
    ("CINPlanDates", 48, "NS1001234/2024-11-04/cin-plan/2025-04-14/end", "cin_plan_ended",
     "2025-05-12", "Child in need plan ended (it started 14/04/2025)"),
    ("Section47", 51, "NS1001234/2024-11-04/section47/2024-11-06", "section47_started",
     "2024-11-06", S47),
    ("CINdetails", 36, "NS1001234/2024-11-04/icpc/2024-11-26", "initial_cp_conference",
     "2024-11-26", ICPC),
    ("ChildProtectionPlans", 58, "NS1001234/2024-11-04/cp-plan/2024-11-26", "cp_plan_started",
     "2024-11-26", "Child protection plan started under the category of neglect"),
    ("Reviews", 64, "NS1001234/2024-11-04/cp-plan/2024-11-26/review/2025-02-18",
     "cp_review_conference", "2025-02-18", REVIEW),
    ("ChildProtectionPlans", 59, "NS1001234/2024-11-04/cp-plan/2024-11-26/end", "cp_plan_ended",
     "2025-04-14", "Child protection plan ended (it started 26/11/2024)"),
    ("CINdetails", 34, "NS1001234/2024-11-04/closure", "case_closed", "2025-05-12",
     "Case closed; reason for closure: services ceased for any other reason, including child"
     " no longer in need"),
    ("CINdetails", 69, "NS1001234/2025-09-15/referral", "referral", "2025-09-15",
     "Referral received from the police; primary need: abuse or neglect"),
    ("Assessments", 74, "NS1001234/2025-09-15/assessment/2025-09-16", "assessment_started",
     "2025-09-16", "Assessment started"),
    ("Assessments", 75, "NS1001234/2025-09-15/assessment/2025-09-16/authorised",
     "assessment_completed", "2025-10-27",
     "Assessment completed and authorised (it started 16/09/2025); factors identified:"
     " domestic abuse: the child is subject to it (3A); domestic abuse: a parent or carer is"
     " subject to it (3B); alcohol misuse by a parent or carer (1B)"),
    ("Section47", 83, "NS1001234/2025-09-15/section47/2025-09-16", "section47_started",
     "2025-09-16", S47),
    ("CINdetails", 72, "NS1001234/2025-09-15/icpc/2025-10-07", "initial_cp_conference",
     "2025-10-07", ICPC),
    ("ChildProtectionPlans", 90, "NS1001234/2025-09-15/cp-plan/2025-10-07", "cp_plan_started",
     "2025-10-07",
     "Child protection plan started under the category of emotional abuse (latest category:"
     " multiple categories); the child has had 1 previous child protection plan"),
    ("Reviews", 95, "NS1001234/2025-09-15/cp-plan/2025-10-07/review/2025-12-30",
     "cp_review_conference", "2025-12-30", REVIEW),
    ("CINdetails", 111, "NS1002468/2026-02-02/referral", "referral", "2026-02-02",
     "Referral received from other health services (e.g. a hospice); primary need: abuse or"
     " neglect"),
    ("Assessments", 115, "NS1002468/2026-02-02/assessment/2026-02-03", "assessment_started",
     "2026-02-03", "Assessment started"),
    ("Section47", 118, "NS1002468/2026-02-02/section47/2026-02-20", "section47_started",
     "2026-02-20", S47),
    ("Section47", 120, "NS1002468/2026-02-02/icpc/2026-03-12", "initial_cp_conference",
     "2026-03-12", ICPC),
    ("ChildProtectionPlans", 125, "NS1002468/2026-02-02/cp-plan/2026-03-12", "cp_plan_started",
     "2026-03-12", "Child protection plan started under the category of neglect"),
    ("CINdetails", 146, "NS1003579/2025-10-06/referral", "referral", "2025-10-06",
     "Referral received from a school; primary need: family in acute stress; no further action"
     " after the referral"),
    ("CINdetails", 149, "NS1003579/2025-10-06/closure", "case_closed", "2025-10-06",
     "Case closed; reason for closure: case closed after assessment, no further action"),
]  # fmt: skip


def test_the_northshire_return_reads_to_exactly_these_entries() -> None:
    entries = northshire().entries
    assert [
        (e.origin.sheet, e.origin.row, e.record_ref, e.event_type.value, e.occurred.isoformat(),
         e.summary)
        for e in entries
    ] == EXPECTED_ENTRIES  # fmt: skip
    assert {entry.subjects for entry in entries} == {
        ("NS1001234",),
        ("NS1002468",),
        ("NS1003579",),
    }


def test_a_referral_names_its_source_in_words_and_keeps_the_codes() -> None:
    referral = _by_ref(northshire())["NS1001234/2025-09-15/referral"]
    assert referral.source == "The police"
    assert referral.attributes == {
        "referral_source": "6",
        "primary_need": "N1",
        "referral_nfa": False,
    }


def test_an_authorised_assessment_keeps_the_factors_identified_with_their_words() -> None:
    completed = _by_ref(northshire())["NS1001234/2024-11-04/assessment/2024-11-05/authorised"]
    assert completed.attributes == {
        "factors": ["3B", "4B", "16A"],
        "factor_descriptions": [
            "domestic abuse: a parent or carer is subject to it",
            "mental health of a parent or carer",
            "neglect",
        ],
    }


def test_a_repeat_plan_keeps_its_categories_and_the_number_of_previous_plans() -> None:
    plan = _by_ref(northshire())["NS1001234/2025-09-15/cp-plan/2025-10-07"]
    assert plan.attributes == {
        "initial_category_of_abuse": "EMO",
        "initial_category_of_abuse_description": "emotional abuse",
        "latest_category_of_abuse": "MUL",
        "latest_category_of_abuse_description": "multiple categories",
        "number_of_previous_plans": 1,
    }


def test_section_47_keeps_the_conference_target_and_makes_no_strategy_discussion() -> None:
    parsed = northshire()
    enquiry = _by_ref(parsed)["NS1001234/2024-11-04/section47/2024-11-06"]
    assert enquiry.attributes == {
        "icpc_not_required": False,
        "icpc_target_date": "2024-11-27",
    }
    assert EventType("strategy_discussion") not in {entry.event_type for entry in parsed.entries}


def test_a_closure_gives_its_reason_in_words_as_the_outcome() -> None:
    closure = _by_ref(northshire())["NS1003579/2025-10-06/closure"]
    assert closure.outcome == "Case closed after assessment, no further action"
    assert closure.attributes == {"reason_for_closure": "RC8"}


# --------------------------------------------------------------------- metadata


def test_the_organisation_must_be_given_because_the_census_names_only_its_lea_number() -> None:
    parsed = cin_census.read(NORTHSHIRE, today=TODAY)
    assert parsed.metadata is None
    [problem] = parsed.errors
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Source",
        12,
        "LEA",
        "999",
    )
    assert "--organisation" in problem.expected


def test_options_win_over_what_the_file_says() -> None:
    overrides = MetadataOverrides(
        organisation="NORTHSHIRE COUNTY COUNCIL", agency="early_help", area="Northshire"
    )
    metadata = cin_census.read(NORTHSHIRE, overrides, today=TODAY).metadata
    assert metadata is not None
    assert (metadata.agency, metadata.area) == (Agency.EARLY_HELP, "Northshire")


def test_an_unknown_agency_option_is_an_error_placed_at_the_options() -> None:
    overrides = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL", agency="social work")
    [problem] = cin_census.read(NORTHSHIRE, overrides, today=TODAY).errors
    assert (problem.sheet, problem.column, problem.value) == ("options", "agency", "social work")


# --------------------------------------------------------------------- recognising the format


def test_the_format_is_named_as_the_command_line_names_it() -> None:
    assert cin_census.FORMAT == "cin-xml"


def test_a_census_return_is_recognised() -> None:
    assert cin_census.recognises(NORTHSHIRE)


@pytest.mark.parametrize(
    "text",
    [
        "<Message><Header><CollectionDetails><Collection>CIN</Collection>",  # cut short
        '<?xml version="1.0"?>\n<!-- a comment -->\n<cin:Message xmlns:cin="urn:x"><cin:Children>'
        "<cin:Child><cin:ChildIdentifiers><cin:LAchildID>NS1",
    ],
)
def test_a_census_is_recognised_from_its_start_alone(text: str, tmp_path: Path) -> None:
    path = tmp_path / "start.xml"
    path.write_text(text, encoding="utf-8")
    assert cin_census.recognises(path)


@pytest.mark.parametrize(
    "text",
    [
        '{"extract": {"organisation": "NORTHSHIRE POLICE"}}',
        "<Bundle><Message><Collection>CIN</Collection></Message></Bundle>",
        "<Message><Header><CollectionDetails><Collection>SSDA903</Collection>",
        "person_ref,given_names\nP1,Finn\n",
        "",
    ],
)
def test_other_files_are_not_recognised(text: str, tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text(text, encoding="utf-8")
    assert not cin_census.recognises(path)


def test_a_missing_file_is_not_recognised_and_is_one_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xml"
    assert not cin_census.recognises(missing)
    [problem] = cin_census.read(missing, COUNCIL).problems
    assert problem.is_error and problem.sheet == "nowhere.xml"


# --------------------------------------------------------------------- whole-file problems


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("person_ref,given_names\nP1,Finn\n", "not well-formed XML"),
        ("<Message><Children><Child></Message>", "not well-formed XML"),
        ("<Bundle><entry/></Bundle>", "<Bundle>, not a CIN census message"),
        (census(header=HEADER.replace(">CIN<", ">SSDA903<")), "SSDA903 collection"),
        ("<Message><Header/></Message>", "not a CIN census message"),
        ("<?xml version='1.0'?>", "not well-formed XML"),
    ],
)
def test_a_file_that_is_not_a_census_is_one_problem_saying_what_it_should_be(
    text: str, said: str, tmp_path: Path
) -> None:
    parsed = read_text(text, tmp_path, "upload.xml")
    [problem] = parsed.problems
    assert problem.is_error and said in problem.message
    assert problem.sheet == "upload.xml" and "CIN census XML" in problem.expected
    assert parsed.metadata is None and parsed.entries == ()


def test_a_syntax_error_is_placed_at_its_line(tmp_path: Path) -> None:
    [problem] = read_text("<Message>\n<Children>\n<Child>\n</Message>\n", tmp_path).problems
    assert problem.row == 4


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE Message SYSTEM "http://example.invalid/cin.dtd">',
        "<!DOCTYPE Message>",
    ],
)
def test_a_doctype_is_refused_so_no_entity_is_ever_expanded(prolog: str, tmp_path: Path) -> None:
    text = prolog + census(child(episode())).replace("NS2000001", "&b;")
    [problem] = read_text(text, tmp_path).problems
    assert problem.is_error and "DOCTYPE" in problem.message


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("adapters.cin_census.reader.MAX_FILE_BYTES", 100)
    [problem] = read_text(census(child(episode())), tmp_path).problems
    assert "larger than" in problem.message


def test_a_namespaced_return_reads_as_the_plain_one(tmp_path: Path) -> None:
    plain = NORTHSHIRE.read_text(encoding="utf-8")
    default = plain.replace("<Message>", '<Message xmlns="http://www.example.invalid/cin">')
    prefixed = default.replace("<", "<cin:").replace("<cin:/", "</cin:").replace("<cin:?", "<?")
    prefixed = prefixed.replace("<cin:!--", "<!--").replace('xmlns="', 'xmlns:cin="')
    expected = northshire()
    for name, text in (("default.xml", default), ("prefixed.xml", prefixed)):
        parsed = read_text(text, tmp_path, name)
        assert parsed.problems == ()
        assert (parsed.people, parsed.entries) == (expected.people, expected.entries)


# --------------------------------------------------------------------- problems in a child


def _one(parsed: ParsedExtract) -> tuple[str, str, int | None, str, str]:
    [problem] = parsed.problems
    return (problem.severity.value, problem.sheet, problem.row, problem.column, problem.value)


@pytest.mark.parametrize("written", ["15/09/2025", "2025-9-15", "2025-09-31", "next week"])
def test_a_date_not_in_iso_form_is_an_error_at_its_element_and_line(
    written: str, tmp_path: Path
) -> None:
    parsed = read_text(census(child(episode(referral=written))), tmp_path)
    assert _one(parsed) == ("error", "CINdetails", 15, "CINreferralDate", written)
    assert "yyyy-mm-dd" in parsed.problems[0].expected


def test_a_child_without_an_la_child_id_is_an_error(tmp_path: Path) -> None:
    parsed = read_text(census(child(episode(), la_child_id="")), tmp_path)
    assert _one(parsed) == ("error", "ChildIdentifiers", 10, "LAchildID", "")
    assert parsed.people == () and parsed.entries == ()


def test_a_child_sent_twice_is_an_error_naming_the_first(tmp_path: Path) -> None:
    parsed = read_text(census(child(episode()), child(episode())), tmp_path)
    [problem] = parsed.errors
    assert problem.message == "LAchildID repeats the Child at line 9"


def test_an_unknown_code_is_a_warning_and_is_kept(tmp_path: Path) -> None:
    text = census(child(episode()).replace(">6<", ">6Z<"))
    parsed = read_text(text, tmp_path)
    assert _one(parsed) == ("warning", "CINdetails", 16, "ReferralSource", "6Z")
    [referral] = parsed.entries
    assert referral.event_type == EventType("referral")
    assert referral.attributes["referral_source"] == "6Z"
    assert "code '6Z' (not a census code)" in referral.summary


def test_an_unknown_assessment_factor_is_a_warning_and_is_kept(tmp_path: Path) -> None:
    assessment = (
        "<Assessments><AssessmentActualStartDate>2025-09-16</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2025-10-27</AssessmentAuthorisationDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors>"
        "<AssessmentFactors>99Q</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"
    )
    parsed = read_text(census(child(episode(assessment))), tmp_path)
    assert _one(parsed)[:4] == ("warning", "FactorsIdentifiedAtAssessment", 17, "AssessmentFactors")
    completed = parsed.entries[-1]
    assert completed.attributes["factors"] == ["3B", "99Q"]


def test_a_plan_ending_before_it_started_is_a_warning(tmp_path: Path) -> None:
    plan = (
        "<CINPlanDates><CINPlanStartDate>2025-10-01</CINPlanStartDate>\n"
        "<CINPlanEndDate>2025-09-20</CINPlanEndDate></CINPlanDates>"
    )
    parsed = read_text(census(child(episode(plan))), tmp_path)
    assert _one(parsed) == ("warning", "CINPlanDates", 18, "CINPlanEndDate", "2025-09-20")
    assert len(parsed.entries) == 3


def test_a_future_date_is_a_warning_as_in_any_extract(tmp_path: Path) -> None:
    parsed = read_text(census(child(episode(referral="2026-05-01"))), tmp_path)
    assert _one(parsed) == ("warning", "CINdetails", 15, "CINreferralDate", "01/05/2026")


def test_a_malformed_upn_is_a_warning_and_left_out(tmp_path: Path) -> None:
    identifiers = "<UPN>12345</UPN><GenderCurrent>2</GenderCurrent>"
    parsed = read_text(census(child(episode(), identifiers=identifiers)), tmp_path)
    assert _one(parsed) == ("warning", "ChildIdentifiers", 11, "UPN", "12345")
    assert parsed.people[0].upn is None


def test_a_upn_in_lower_case_is_kept_in_upper_case(tmp_path: Path) -> None:
    identifiers = "<UPN>h80120000100a</UPN><GenderCurrent>2</GenderCurrent>"
    parsed = read_text(census(child(episode(), identifiers=identifiers)), tmp_path)
    assert parsed.problems == () and parsed.people[0].upn == "H80120000100A"


# --------------------------------------------------------------------- particular children


def test_a_child_who_died_has_an_entry_saying_so(tmp_path: Path) -> None:
    identifiers = (
        "<PersonBirthDate>2023-01-09</PersonBirthDate><GenderCurrent>1</GenderCurrent>"
        "<PersonDeathDate>2025-11-02</PersonDeathDate>"
    )
    parsed = read_text(census(child(episode(), identifiers=identifiers)), tmp_path)
    death = _by_ref(parsed)["NS2000001/death"]
    assert (death.event_type, death.event_type_as_sent, death.summary) == (
        EventType("other"),
        "PersonDeathDate",
        "Child died",
    )
    assert death.occurred == FuzzyDate.of(date(2025, 11, 2))


def test_an_indeterminate_gender_is_other_and_not_recorded_is_unknown(tmp_path: Path) -> None:
    sexes = []
    for code in ("9", "0"):
        identifiers = f"<GenderCurrent>{code}</GenderCurrent>"
        parsed = read_text(census(child(episode(), identifiers=identifiers)), tmp_path)
        sexes.append(parsed.people[0].sex)
    assert sexes == [Sex.OTHER, Sex.UNKNOWN]


def test_one_conference_given_twice_on_the_same_day_is_one_entry(tmp_path: Path) -> None:
    section47 = (
        "<DateOfInitialCPC>2025-10-07</DateOfInitialCPC><Section47>"
        "<S47ActualStartDate>2025-09-16</S47ActualStartDate>"
        "<DateOfInitialCPC>2025-10-07</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired>"
        "</Section47>"
    )
    parsed = read_text(census(child(episode(section47))), tmp_path)
    conferences = [e for e in parsed.entries if e.event_type == EventType("initial_cp_conference")]
    assert [c.attributes for c in conferences] == [{"icpc_not_required": False}]


def test_two_identical_plans_get_a_count_rather_than_one_ref(tmp_path: Path) -> None:
    plan = (
        "<ChildProtectionPlans><CPPstartDate>2025-10-07</CPPstartDate>"
        "<CPPendDate>2026-01-05</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>"
    )
    parsed = read_text(census(child(episode(plan, plan))), tmp_path)
    assert [entry.record_ref for entry in parsed.entries][1:] == [
        "NS2000001/2025-09-15/cp-plan/2025-10-07",
        "NS2000001/2025-09-15/cp-plan/2025-10-07/end",
        "NS2000001/2025-09-15/cp-plan/2025-10-07#2",
        "NS2000001/2025-09-15/cp-plan/2025-10-07#2/end",
    ]


def test_next_years_return_keeps_the_episode_refs_so_it_amends(tmp_path: Path) -> None:
    open_plan = (
        "<ChildProtectionPlans><CPPstartDate>2025-10-07</CPPstartDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>"
    )
    ended_plan = open_plan.replace(
        "<Initial", "<CPPendDate>2026-06-01</CPPendDate><Initial"
    ).replace("<LatestCategoryOfAbuse>NEG", "<LatestCategoryOfAbuse>EMO")
    this_year = read_text(census(child(episode(open_plan))), tmp_path, "2026.xml")
    next_year = cin_census.read(
        _write(tmp_path / "2027.xml", census(child(episode(ended_plan)))),
        COUNCIL,
        today=date(2027, 4, 30),
    )
    refs = [entry.record_ref for entry in this_year.entries]
    assert refs == [entry.record_ref for entry in next_year.entries][: len(refs)]
    assert next_year.entries[-1].record_ref == "NS2000001/2025-09-15/cp-plan/2025-10-07/end"


def test_progress_is_told_as_children_are_read(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    path = _write(
        tmp_path / "two.xml", census(child(episode()), child(episode(), la_child_id="NS2"))
    )
    cin_census.read(
        path, COUNCIL, today=TODAY, progress=lambda done, total: told.append((done, total))
    )
    assert told == [(2, 2)]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
