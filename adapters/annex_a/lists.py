"""The columns of Ofsted Annex A lists 1 to 8, with the header variants local authorities use.

Headers follow the Ofsted ILACS template (and liia-tools' Annex A schema); authorities reword
them, so each column lists its accepted variants, matched ignoring case, spaces and punctuation.
Only the child's identifier and each list's key date are required: without them no entry can
be placed on the timeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def squash(text: str) -> str:
    """A header as compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class Column:
    """One column: its key in the adapter, its header in the template, and the variants."""

    key: str
    header: str
    variants: tuple[str, ...] = ()
    required: bool = False

    def matches(self, written: str) -> bool:
        return squash(written) in {squash(name) for name in (self.header, *self.variants)}


@dataclass(frozen=True)
class AnnexList:
    """One list of the return: its number, title and columns (the first required date keys it)."""

    number: int
    title: str
    columns: tuple[Column, ...]

    @property
    def key_date(self) -> Column:
        return next(c for c in self.columns if c.required and c.key != "child_id")

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _c(key: str, header: str, *variants: str, required: bool = False) -> Column:
    return Column(key, header, variants, required)


CHILD = (
    _c("child_id", "Child Unique ID", "Child ID", "Unique Child ID", "LA Child ID",
       "Child Unique Identifier", "Child Identifier", "CHILD UNIQUE ID", required=True),
    _c("gender", "Gender", "Sex", "Gender Current"),
    _c("ethnicity", "Ethnicity", "Ethnic Origin"),
    _c("date_of_birth", "Date of Birth", "DOB", "Birth Date"),
    _c("age", "Age of Child (Years)", "Age", "Age of Child", "Age (Years)"),
)  # fmt: skip
DISABILITY = _c("disability", "Does the Child have a Disability", "Disability?", "Disability")
TEAM = _c("team", "Allocated Team", "Team")
WORKER = _c("worker", "Allocated Worker", "Worker", "Allocated Social Worker")
YN = "(Y/N)"

_LISTS_1_TO_7 = (
    AnnexList(1, "Contacts", (*CHILD,
        _c("contact_date", "Date of Contact", "Contact Date", required=True),
        _c("source", "Contact Source", "Source of Contact"))),
    AnnexList(2, "Early Help", (*CHILD,
        _c("start", "Assessment start date", "Early Help Assessment Start Date",
           "EH Assessment Start Date", required=True),
        _c("completed", "Assessment completion date", "Early Help Assessment Completion Date",
           "EH Assessment Completion Date"),
        _c("organisation", "Organisation completing assessment",
           "Organisation Completing the Assessment"))),
    AnnexList(3, "Referrals", (*CHILD,
        _c("referral_date", "Date of referral", "Referral Date", required=True),
        _c("source", "Referral Source", "Source of Referral"),
        _c("nfa", "Referral NFA?", "Referral NFA", "NFA?", "Referral No Further Action"),
        _c("referrals_12m", "Number of Referrals in Last 12 Months",
           "No. of Referrals in Last 12 Months", "Number of Referrals in the Last 12 Months"),
        TEAM, WORKER)),
    AnnexList(4, "Assessments", (*CHILD, DISABILITY,
        _c("start", "Continuous Assessment Start Date", "Assessment Start Date", required=True),
        _c("seen", "Child Seen During Continuous Assessment", "Child Seen During Assessment",
           "Was the Child Seen During the Assessment?"),
        _c("authorised", "Continuous Assessment Date of Authorisation", "Date of Authorisation",
           "Assessment Authorisation Date", "Assessment Date of Authorisation"),
        _c("support", "Was the child assessed as requiring LA children's social care support?",
           "Was the child assessed as requiring LA CSC support?", "Requires CSC Support?",
           "Assessed as requiring children's social care support"),
        TEAM, WORKER)),
    AnnexList(5, "Section 47 Enquiries", (*CHILD, DISABILITY,
        _c("start", "Strategy discussion initiating Section 47 Enquiry Start Date",
           "Strategy discussion initiating S47 Enquiry Start Date", "S47 Start Date",
           "Section 47 Enquiry Start Date", "Date of Strategy Discussion", required=True),
        _c("icpc_unnecessary", "Was an Initial Child Protection Conference deemed unnecessary?",
           "ICPC deemed unnecessary?", "ICPC Not Required"),
        _c("icpc_date", "Date of Initial Child Protection Conference", "Date of ICPC",
           "ICPC Date"),
        _c("icpc_plan",
           "Did the Initial Child Protection Conference Result in a Child Protection Plan",
           "Did ICPC result in CPP", "Did the ICPC result in a Child Protection Plan?"),
        _c("s47_12m", "Number of Section 47 Enquiries in the last 12 months",
           "No. of S47s in last 12 months", "Number of S47s in the last 12 months"),
        _c("icpc_12m", "Number of ICPCs in the last 12 months", "No. of ICPCs in last 12 months"),
        TEAM, WORKER)),
    AnnexList(6, "Children in Need", (*CHILD, DISABILITY,
        _c("start", "CIN Start Date", "Child in Need Start Date", required=True),
        _c("need", "Primary Need Code", "Primary Need", "CIN Primary Need Code"),
        _c("last_seen", "Date Child Was Last Seen", "Date Child Last Seen"),
        _c("closed", "CIN Closure Date", "Child in Need Closure Date"),
        _c("reason", "Reason for Closure", "CIN Closure Reason", "Closure Reason"),
        _c("status", "Case Status"),
        TEAM, WORKER)),
    AnnexList(7, "Child Protection", (*CHILD, DISABILITY,
        _c("start", "Child Protection Plan Start Date", "CPP Start Date", "CP Plan Start Date",
           required=True),
        _c("initial_category", "Initial Category of Abuse", "Initial Category"),
        _c("latest_category", "Latest Category of Abuse", "Latest Category"),
        _c("last_visit", "Date of the Last Statutory Visit", "Date of Last Statutory Visit"),
        _c("seen_alone", "Was the Child Seen Alone?", "Child Seen Alone"),
        _c("latest_review", "Date of latest review conference", "Latest Review Conference Date",
           "Date of Latest Review Conference"),
        _c("end", "Child Protection Plan End Date", "CPP End Date", "CP Plan End Date"),
        _c("epo", "Subject to Emergency Protection Order or Protected Under Police Powers in "
           f"Last Six Months {YN}", "Subject to Emergency Protection Order or Protected Under "
           "Police Powers in Last Six Months", "Subject to EPO or police protection in last 6 "
           "months"),
        _c("previous_plans", "Number of Previous Child Protection Plans",
           "No. of Previous CPPs", "Number of Previous CPPs"),
        TEAM, WORKER)),
)  # fmt: skip


_CARE = AnnexList(8, "Children in Care", (*CHILD, DISABILITY,
    _c("uasc", f"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months {YN}",
       "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months", "UASC"),
    _c("start", "Date Started to be Looked After", "Date Became Looked After", "LAC Start Date",
       "Date Started to be in Care", required=True),
    _c("need", "Child's Category of Need", "Category of Need"),
    _c("second_period", "Is this a second or subsequent period of being a Looked After Child "
       f"within the last 12 months {YN}", "Second or Subsequent Period of Care in 12 Months"),
    _c("legal_start", "Start date of current legal status", "Legal Status Start Date"),
    _c("legal_status", "Child's Legal Status", "Legal Status", "Current Legal Status"),
    _c("latest_review", "Date of Latest Statutory Review", "Date of Latest Review"),
    _c("last_visit", "Date of Last Social Work Visit", "Date of Last Social Worker Visit",
       "Date of Last Statutory Visit"),
    _c("permanence", "What is the permanence plan for this child?", "Permanence Plan"),
    _c("iro_contact", "Date of Last IRO Visit / Contact to the Child",
       "Date of Last IRO Visit", "Date of Last IRO Contact"),
    _c("health_assessment", "Date of Last Health Assessment"),
    _c("dental_check", "Date of Last Dental Check"),
    _c("placements_12m", "Number of Placements in the Last 12 months",
       "No. of Placements in Last 12 Months"),
    _c("ceased", "Date Ceased to be Looked After", "Date Ceased LAC", "LAC End Date"),
    _c("ceased_reason", "Reason Ceased to be Looked After", "Reason Ceased LAC"),
    _c("placement_start", "Start Date of Most Recent Placement", "Placement Start Date"),
    _c("placement_type", "Placement Type"),
    _c("placement_provider", "Placement Provider"),
    _c("placement_postcode", "Placement postcode", "Placement Post Code"),
    _c("placement_urn", "URN of Placement", "Placement URN"),
    _c("placement_location", "Placement Location", "Placement In or Out of LA"),
    _c("placement_la", "LA of Placement", "Placement LA"),
    _c("missing_12m", "Number of Episodes the Child has been 'Missing' from their Placement in "
       "the last 12 months", "No. of Missing Episodes in Last 12 Months"),
    _c("absent_12m", "Number of Episodes the Child has been 'Absent' from their Placement in "
       "the last 12 months", "No. of Absent Episodes in Last 12 Months"),
    _c("return_offered", "Was the child offered a Return Interview after their last missing "
       f"episode {YN}?", "Return Interview Offered"),
    _c("return_accepted", "Did the child accept a Return Interview after their last missing "
       f"episode {YN}?", "Return Interview Accepted"),
    TEAM, WORKER))  # fmt: skip
LISTS: tuple[AnnexList, ...] = (*_LISTS_1_TO_7, _CARE)
SKIPPED = {9: "care leavers", 10: "adoption", 11: "adopters"}


def annex_list(number: int) -> AnnexList | None:
    """The specification of list `number` (1 to 8), or None for a list this adapter skips."""
    return next((spec for spec in LISTS if spec.number == number), None)
