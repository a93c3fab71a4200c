"""FHIR codes, and the words clinicians type, mapped to the chronology's vocabulary.

Relationship codes are HL7 v3 RoleCode (the UK Core PersonRelationshipType value set) and
v2-0131 contact roles; encounter classes are v3 ActCode. Where a system sends only text,
the words are read instead. `relationship_for` says what the related person is *of the
patient*, so a domestic partner related to a child is the partner of the child's parent.
"""

from __future__ import annotations

import re

from chronology.vocabulary import EventType, RelationshipType, Sex

R = RelationshipType
_GROUPS: dict[RelationshipType, str] = {
    R.MOTHER: "MTH NMTH NMTHF GESTM ADOPTM",
    R.FATHER: "FTH NFTH NFTHF ADOPTF",
    R.STEP_MOTHER: "STPMTH",
    R.STEP_FATHER: "STPFTH",
    R.GRANDPARENT: "GRPRN GRMTH GRFTH MGRMTH MGRFTH PGRMTH PGRFTH MGRPRN PGRPRN"
    " GGRPRN GGRMTH GGRFTH",
    R.SIBLING: "SIB BRO SIS NSIB NBRO NSIS TWIN TWINBRO TWINSIS FTWIN ITWIN",
    R.HALF_SIBLING: "HSIB HBRO HSIS",
    R.AUNT_OR_UNCLE: "AUNT UNCLE MAUNT PAUNT MUNCLE PUNCLE",
    R.OTHER_RELATIVE: "COUSN MCOUSN PCOUSN NIENEPH NEPHEW NIECE EXT FAMMEMB STPSIB STPBRO STPSIS",
    R.GUARDIAN: "GUARD GUARDIAN",
    R.FRIEND: "FRND",
    R.HOUSEHOLD_MEMBER: "ROOM",
    R.OTHER: "NBOR C CP E EP N O U BP PR S F I CARER AGENT DEPENDANT",
}
RELATIONSHIP_CODES = {code: kind for kind, codes in _GROUPS.items() for code in codes.split()}
PARTNER_CODES = frozenset({"DOMPART", "SPS", "HUSB", "WIFE", "SIGOTHR"})
FORMER_PARTNER_CODES = frozenset({"FMRSPS"})
PARENT_CODES = frozenset({"PRN", "NPRN", "ADOPTP"})
STEP_PARENT_CODES = frozenset({"STPPRN"})

RELATIONSHIP_WORDS: list[tuple[re.Pattern[str], RelationshipType]] = [
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"\bfoster", R.FOSTER_CARER),
        (r"\bkinship", R.KINSHIP_CARER),
        (r"\bspecial guardian", R.SPECIAL_GUARDIAN),
        (r"\bguardian", R.GUARDIAN),
        (r"\bstep ?(mother|mum)", R.STEP_MOTHER),
        (r"\bstep ?(father|dad)", R.STEP_FATHER),
        (r"\bgrand|\bnan\b|\bgran\b", R.GRANDPARENT),
        (r"\bhalf ?(brother|sister|sibling)", R.HALF_SIBLING),
        (r"\b(brother|sister|sibling)", R.SIBLING),
        (r"\b(aunt|uncle)", R.AUNT_OR_UNCLE),
        (r"\b(mother|mum)\b", R.MOTHER),
        (r"\b(father|dad)\b", R.FATHER),
        (r"\bfriend\b", R.FRIEND),
    )
]
PARTNER_WORDS = re.compile(r"\b(partner|boyfriend|girlfriend|husband|wife|spouse)\b", re.I)
PARENTS_PARTNER_WORDS = re.compile(
    r"\b(mother|mum|father|dad|parent)(['’]s|s')? (new )?"
    r"(partner|boyfriend|girlfriend|husband|wife)",
    re.I,
)


def relationship_for(code: str, patient_is_adult: bool, sex: Sex | None) -> RelationshipType | None:
    """What a person with this relationship code is of the patient; None for an unknown code."""
    code = code.strip().upper()
    if code in PARTNER_CODES:
        return R.PARTNER if patient_is_adult else R.PARTNER_OF_PARENT
    if code in FORMER_PARTNER_CODES:
        return R.EX_PARTNER if patient_is_adult else R.OTHER
    if code in PARENT_CODES | STEP_PARENT_CODES:
        return _parent_by_sex(code in STEP_PARENT_CODES, sex)
    return RELATIONSHIP_CODES.get(code)


def relationship_from_words(text: str, patient_is_adult: bool) -> RelationshipType | None:
    """The relationship a free-text label names ("Mum's boyfriend", "Foster carer"), or None."""
    if PARENTS_PARTNER_WORDS.search(text):
        return R.PARTNER_OF_PARENT
    if PARTNER_WORDS.search(text):
        return R.PARTNER if patient_is_adult else R.PARTNER_OF_PARENT
    return next((kind for pattern, kind in RELATIONSHIP_WORDS if pattern.search(text)), None)


def _parent_by_sex(step: bool, sex: Sex | None) -> RelationshipType:
    if sex is Sex.FEMALE:
        return R.STEP_MOTHER if step else R.MOTHER
    if sex is Sex.MALE:
        return R.STEP_FATHER if step else R.FATHER
    return R.PARTNER_OF_PARENT if step else R.OTHER


E = EventType
ENCOUNTER_CLASSES: dict[str, EventType] = {
    "EMER": E("ed_attendance"),
    "IMP": E("hospital_admission"),
    "ACUTE": E("hospital_admission"),
    "NONAC": E("hospital_admission"),
    "SS": E("hospital_admission"),
    "OBSENC": E("hospital_admission"),
    "HH": E("home_visit"),
    "VR": E("phone_contact"),
}
ENCOUNTER_WORDS: list[tuple[re.Pattern[str], EventType]] = [
    (re.compile(r"emergency|\bA&E\b|\bED\b", re.I), E("ed_attendance")),
    (re.compile(r"inpatient|in-patient|admission", re.I), E("hospital_admission")),
    (re.compile(r"\bhome\b", re.I), E("home_visit")),
    (re.compile(r"virtual|telephone|video", re.I), E("phone_contact")),
]
ENCOUNTER_LABELS: dict[str, str] = {
    "ed_attendance": "Emergency department attendance",
    "hospital_admission": "Hospital admission",
    "home_visit": "Home visit",
    "phone_contact": "Virtual or telephone contact",
    "appointment_attended": "Attended appointment",
    "appointment_cancelled": "Cancelled appointment",
}

CHILD_PROTECTION_PLAN = re.compile(
    r"child protection plan|\bcp ?plan\b|\bcp-is\b|\bcpp\b|subject to (a )?child protection", re.I
)
