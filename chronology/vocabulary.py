"""The controlled vocabulary of the canonical extract (EXTRACT-FORMAT.md, version 1).

Codes are the contract: agencies send them, the importer checks them, the rules read them.
"""

from __future__ import annotations

from enum import StrEnum


class Agency(StrEnum):
    """The type of organisation that sent an extract."""

    POLICE = "police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    EARLY_HELP = "early_help"
    HEALTH_VISITING = "health_visiting"
    MIDWIFERY = "midwifery"
    GP = "gp"
    HOSPITAL = "hospital"
    AMBULANCE = "ambulance"
    CAMHS = "camhs"
    ADULT_MENTAL_HEALTH = "adult_mental_health"
    SUBSTANCE_MISUSE_SERVICE = "substance_misuse_service"
    SCHOOL = "school"
    EARLY_YEARS = "early_years"
    HOUSING = "housing"
    PROBATION = "probation"
    YOUTH_JUSTICE = "youth_justice"
    DOMESTIC_ABUSE_SERVICE = "domestic_abuse_service"
    ADULT_SOCIAL_CARE = "adult_social_care"
    OTHER = "other"


class EventGroup(StrEnum):
    """The families of event types, as EXTRACT-FORMAT.md groups them."""

    CONTACT = "contact"
    HEALTH = "health"
    ADULT_NEEDS = "adult_needs"
    POLICE_AND_DOMESTIC_ABUSE = "police_and_domestic_abuse"
    SOCIAL_CARE = "social_care"
    EDUCATION = "education"
    HOUSEHOLD = "household"
    INFORMATION_SHARING = "information_sharing"
    OTHER = "other"


_GROUPS: dict[EventGroup, list[str]] = {
    EventGroup.CONTACT: (
        "home_visit appointment_attended appointment_missed appointment_cancelled "
        "no_access_visit phone_contact service_declined"
    ).split(),
    EventGroup.HEALTH: (
        "antenatal_booking birth new_birth_visit development_review gp_consultation "
        "ed_attendance hospital_admission injury_observed child_protection_medical "
        "growth_concern immunisation discharge"
    ).split(),
    EventGroup.ADULT_NEEDS: (
        "parental_mental_health_concern parental_substance_misuse_concern parental_learning_need"
    ).split(),
    EventGroup.POLICE_AND_DOMESTIC_ABUSE: (
        "domestic_abuse_incident police_welfare_check arrest charge_or_bail police_protection "
        "missing_episode marac_referral marac_meeting protective_order"
    ).split(),
    EventGroup.SOCIAL_CARE: (
        "contact_received referral assessment_started assessment_completed strategy_discussion "
        "section47_started section47_outcome initial_cp_conference cp_plan_started "
        "cp_review_conference cp_plan_ended core_group cin_plan_started cin_plan_ended "
        "early_help_started early_help_closed pre_proceedings care_proceedings case_closed "
        "case_transferred"
    ).split(),
    EventGroup.EDUCATION: (
        "school_safeguarding_concern attendance_concern exclusion school_move missing_education"
    ).split(),
    EventGroup.HOUSEHOLD: (
        "address_change moved_area homelessness person_joined_household person_left_household "
        "pregnancy_confirmed separation"
    ).split(),
    EventGroup.INFORMATION_SHARING: (
        "information_shared information_requested referral_to_other_agency"
    ).split(),
    EventGroup.OTHER: ["other"],
}

EventType = StrEnum(  # type: ignore[misc]
    "EventType", [(code.upper(), code) for codes in _GROUPS.values() for code in codes]
)
EventType.__doc__ = "What an entry records: one code from the EXTRACT-FORMAT.md list."

EVENT_GROUP: dict[str, EventGroup] = {
    code: group for group, codes in _GROUPS.items() for code in codes
}


def event_group(event_type: str) -> EventGroup:
    """The group an event type code belongs to."""
    return EVENT_GROUP.get(event_type, EventGroup.OTHER)


class RelationshipType(StrEnum):
    """`person_ref` is the <relationship> of `related_person_ref`."""

    MOTHER = "mother"
    FATHER = "father"
    STEP_MOTHER = "step_mother"
    STEP_FATHER = "step_father"
    PARTNER_OF_PARENT = "partner_of_parent"
    PARTNER = "partner"
    EX_PARTNER = "ex_partner"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    HALF_SIBLING = "half_sibling"
    AUNT_OR_UNCLE = "aunt_or_uncle"
    OTHER_RELATIVE = "other_relative"
    FOSTER_CARER = "foster_carer"
    KINSHIP_CARER = "kinship_carer"
    SPECIAL_GUARDIAN = "special_guardian"
    GUARDIAN = "guardian"
    HOUSEHOLD_MEMBER = "household_member"
    FRIEND = "friend"
    OTHER = "other"


class ParentalResponsibility(StrEnum):
    """What an agency recorded about a person's parental responsibility (blank: not recorded)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class PRBasis(StrEnum):
    """The legal basis on which parental responsibility is held."""

    BIRTH_MOTHER = "birth_mother"
    MARRIED_AT_BIRTH = "married_at_birth"
    BIRTH_REGISTRATION = "birth_registration"
    PR_AGREEMENT = "pr_agreement"
    PR_ORDER = "pr_order"
    CHILD_ARRANGEMENTS_ORDER = "child_arrangements_order"
    SPECIAL_GUARDIANSHIP_ORDER = "special_guardianship_order"
    CARE_ORDER = "care_order"
    ADOPTION_ORDER = "adoption_order"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class YesNoUnknown(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


class ChildSeen(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


class EntryStatus(StrEnum):
    """An entry is active until the organisation that sent it withdraws it."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
