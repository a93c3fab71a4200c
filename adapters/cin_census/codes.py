"""The CIN census code lists, each code with the plain-English words a chronology reader needs.

Codes as the DfE CIN census schema (2022 onwards) defines them. The words are shortened from
the schema's annotations so that they read well inside a sentence ("a referral from the police").
"""

from __future__ import annotations

from collections.abc import Mapping

from chronology.vocabulary import Sex


def describe(codes: Mapping[str, str], code: str) -> str:
    """The words for a code; a code the census does not list is quoted as sent."""
    return codes.get(code, f"code '{code}' (not a census code)")


REFERRAL_SOURCES: dict[str, str] = {
    "1A": "a family member, relative or carer",
    "1B": "an acquaintance (e.g. a neighbour or childminder)",
    "1C": "the child (self-referral)",
    "1D": "another individual (e.g. a stranger)",
    "2A": "a school",
    "2B": "education services",
    "3A": "a GP",
    "3B": "a health visitor",
    "3C": "a school nurse",
    "3D": "other primary health services",
    "3E": "an A&E department",
    "3F": "other health services (e.g. a hospice)",
    "4": "housing (local authority housing or a housing association)",
    "5A": "the local authority's own social care services (e.g. adult social care)",
    "5B": "another local authority department (e.g. youth offending)",
    "5C": "another local authority's services",
    "6": "the police",
    "7": "another legal agency (courts, probation, immigration, Cafcass or prison)",
    "8": "another source (children's centre, independent or voluntary organisation)",
    "9": "an anonymous source",
    "10": "an unknown source",
}

PRIMARY_NEEDS: dict[str, str] = {
    "N1": "abuse or neglect",
    "N2": "child's disability",
    "N3": "parental disability or illness",
    "N4": "family in acute stress",
    "N5": "family dysfunction",
    "N6": "socially unacceptable behaviour",
    "N7": "low income",
    "N8": "absent parenting",
    "N9": "cases other than children in need",
    "N0": "not stated",
}

REASONS_FOR_CLOSURE: dict[str, str] = {
    "RC1": "Adopted",
    "RC2": "Died",
    "RC3": "Child arrangements order",
    "RC4": "Special guardianship order",
    "RC5": "Transferred to the services of another local authority",
    "RC6": "Transferred to adult social care services",
    "RC7": "Services ceased for any other reason, including child no longer in need",
    "RC8": "Case closed after assessment, no further action",
    "RC9": "Case closed after assessment, referred to early help",
}

CATEGORIES_OF_ABUSE: dict[str, str] = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "SAB": "sexual abuse",
    "EMO": "emotional abuse",
    "MUL": "multiple categories",
}

ASSESSMENT_FACTORS: dict[str, str] = {
    "1A": "alcohol misuse by the child",
    "1B": "alcohol misuse by a parent or carer",
    "1C": "alcohol misuse by another person in the household",
    "2A": "drug misuse by the child",
    "2B": "drug misuse by a parent or carer",
    "2C": "drug misuse by another person in the household",
    "3A": "domestic abuse: the child is subject to it",
    "3B": "domestic abuse: a parent or carer is subject to it",
    "3C": "domestic abuse: another person in the household is subject to it",
    "4A": "mental health of the child",
    "4B": "mental health of a parent or carer",
    "4C": "mental health of another person in the household",
    "5A": "learning disability of the child",
    "5B": "learning disability of a parent or carer",
    "5C": "learning disability of another person in the household",
    "6A": "physical disability or illness of the child",
    "6B": "physical disability or illness of a parent or carer",
    "6C": "physical disability or illness of another person in the household",
    "7A": "young carer",
    "8B": "privately fostered: overseas child who intends to return",
    "8C": "privately fostered: overseas child who intends to stay",
    "8D": "privately fostered: UK child in an educational placement",
    "8E": "privately fostered: UK child in an alternative family arrangement",
    "8F": "privately fostered: other",
    "9A": "unaccompanied asylum-seeking child",
    "10A": "going or being missing",
    "11A": "child sexual exploitation",
    "12A": "trafficking",
    "13A": "gangs",
    "14A": "socially unacceptable behaviour",
    "15A": "self-harm",
    "16A": "neglect",
    "17A": "emotional abuse",
    "18B": "physical abuse by another child",
    "18C": "physical abuse by an adult",
    "19B": "sexual abuse by another child",
    "19C": "sexual abuse by an adult",
    "20": "other",
    "21": "no factors identified",
    "22A": "female genital mutilation",
    "23A": "abuse linked to faith or belief",
    "24A": "child criminal exploitation",
}

GENDERS: dict[str, Sex] = {
    "1": Sex.MALE,
    "2": Sex.FEMALE,
    "0": Sex.UNKNOWN,  # not recorded, or unborn
    "9": Sex.OTHER,  # indeterminate (NHS "9", which FHIR UK Core maps to "other")
}

ETHNICITIES: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

DISABILITIES: dict[str, str] = {
    "NONE": "no disability",
    "MOB": "mobility",
    "HAND": "hand function",
    "PC": "personal care",
    "INC": "incontinence",
    "COMM": "communication",
    "LD": "learning",
    "HEAR": "hearing",
    "VIS": "vision",
    "BEH": "behaviour",
    "CON": "consciousness",
    "AUT": "autism",
    "DDA": "other",
}
