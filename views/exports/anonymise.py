"""Anonymising a review chronology as Chronolator does: people become consistent labels.

Children are "Child A", "Child B"... in order of birth. Adults are named by their relationship
to the children where an agency recorded one ("Mother", "Maternal grandmother", "Mother's
partner"), else "Adult 1", "Adult 2"; a label two people would share is numbered ("Father 1",
"Father 2"). A glossary the reviewer edited (person id -> label) wins over these defaults.

In free text every form of a person's name (full, given, family and known-as names, as whole
words in any case, longest first) becomes their label; a one-word name that is also a common
word ("Will", "Amber") only when capitalised. A family name several people share becomes
"[name]": it cannot say which of them is meant. Any other name two people share (usually one
person the matching has not joined up yet) becomes the label of the one most agencies know.
Their addresses, NHS numbers, UPNs, postcodes, dates of birth and reference numbers become
"[address]", "[NHS number]", "[UPN]", "[postcode]", "[date of birth]" and "[reference]", as
do NHS numbers, UPNs, postcodes, street addresses and labelled dates of birth of anyone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from chronology.people.assemble import CasePeople
from chronology.people.models import Person, RelationshipFact
from chronology.vocabulary import RelationshipType

UNKNOWN_NAME = "[name]"
# Words that describe someone rather than name them ("Baby of Kerry Walsh", "partner's son").
NOT_NAMES = frozenset(
    "baby babe infant unborn unnamed unknown nk n/k child boy girl twin of the and mr mrs ms"
    " miss dr mum mother dad father partner partner's son daughter brother sister friend"
    " uncle aunt nan gran grandmother grandad grandfather cousin boyfriend girlfriend husband"
    " wife ex neighbour maternal paternal birth step".split()
)
COMMON_WORDS = frozenset(
    "will may mark rose hope faith grace joy dawn summer april june amber ruby bill pat"
    " sue art chase rich sunny honey king young brown green white black".split()
)
STREETS = (
    "Road Street Row Lane Avenue Close Drive Way Court Place Crescent Gardens Terrace Walk"
    " Grove Hill Square Mews Rise View Parade"
).split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
LETTER = r"[^\W\d_]"
SHORTEST_REFERENCE = 4  # a shorter local id ("12") would match ordinary numbers
DATE_TEXT = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4})"
)
LABELLED_BIRTH_DATE = re.compile(
    rf"(?P<lead>\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*:?\s*){DATE_TEXT}",
    re.IGNORECASE,
)
ANYONES = (  # found in anyone's text, not only the case's people
    (
        re.compile(rf"(?<!\w)\d+[A-Za-z]?,?\s+(?:[A-Z][\w']+\s+){{1,3}}(?:{'|'.join(STREETS)})\b"),
        "[address]",
    ),
    (re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)"), "[NHS number]"),
    (re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{11}[A-Z0-9](?![A-Za-z0-9])"), "[UPN]"),
    (
        re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}(?![A-Za-z0-9])"),
        "[postcode]",
    ),
)
IDENTIFIERS = (
    ("nhs_number", "[NHS number]"),
    ("upn", "[UPN]"),
    ("postcode", "[postcode]"),
    ("la_child_id", "[reference]"),
    ("police_ref", "[reference]"),
)
NAMED = {
    "mother": "Mother",
    "father": "Father",
    "step_mother": "Stepmother",
    "step_father": "Stepfather",
    "guardian": "Guardian",
    "special_guardian": "Special guardian",
    "foster_carer": "Foster carer",
    "kinship_carer": "Kinship carer",
    "household_member": "Household member",
    "friend": "Family friend",
    "other_relative": "Relative",
}
BY_SEX = {  # female, male, not recorded
    "grandparent": ("Grandmother", "Grandfather", "Grandparent"),
    "aunt_or_uncle": ("Aunt", "Uncle", "Aunt or uncle"),
    "sibling": ("Sister", "Brother", "Sibling"),
    "half_sibling": ("Half-sister", "Half-brother", "Half-sibling"),
}
SEXES = {"female": 0, "male": 1}
PARENTS = ("mother", "father")
MUTUAL = frozenset(
    "sibling half_sibling partner ex_partner friend household_member other_relative other".split()
)
KIND_ORDER = tuple(str(kind) for kind in RelationshipType)


class PersonNames(BaseModel):
    """What names one person in free text: every form of their name, their dates of birth,
    addresses and identifiers (value, placeholder); `known_by` is how many agency records
    they are (the one known to more wins a name two people share)."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    names: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    dates_of_birth: tuple[date, ...] = ()
    addresses: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    known_by: int = 1


def default_glossary(case_people: CasePeople) -> dict[str, str]:
    """person id -> label: children by birth, then adults by their relationship to them."""
    children = sorted((p for p in case_people.people if p.is_child), key=_birth_order)
    adults = sorted((p for p in case_people.people if not p.is_child), key=_birth_order)
    labels = {child.id: f"Child {_letters(number)}" for number, child in enumerate(children)}
    return labels | _role_labels(adults, children, case_people.relationships)


def _birth_order(person: Person) -> tuple[date, str]:
    return (person.date_of_birth or person.expected_birth_date or date.max, person.id)


def _letters(number: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as spreadsheet columns are lettered."""
    letters, number = "", number + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _role_labels(
    adults: Sequence[Person], children: Sequence[Person], facts: Sequence[RelationshipFact]
) -> dict[str, str]:
    """adult's id -> their relationship to the first child it can be read for, else "Adult";
    a label more than one adult has is numbered, as is every "Adult"."""
    family = _Family(facts)
    roles = {adult.id: family.role(adult, children) for adult in adults}
    counts = Counter(role for role in roles.values() if role)
    seen: Counter[str] = Counter()
    labels = {}
    for person, role in roles.items():
        if role and counts[role] == 1:
            labels[person] = role
            continue
        seen[role or "Adult"] += 1
        labels[person] = f"{role or 'Adult'} {seen[role or 'Adult']}"
    return labels


class _Family:
    """Who is what to whom, from the agencies' relationship facts (first kind in the
    vocabulary's order when agencies differ: a mother before a partner of a parent)."""

    def __init__(self, facts: Sequence[RelationshipFact]) -> None:
        self._kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
        for fact in facts:
            kind = str(fact.relationship)
            self._kinds[(fact.person_id, fact.related_person_id)].add(kind)
            if kind in MUTUAL:
                self._kinds[(fact.related_person_id, fact.person_id)].add(kind)

    def kind(self, person: str, of: str) -> str | None:
        found = self._kinds.get((person, of), set())
        return next((kind for kind in KIND_ORDER if kind in found), None)

    def role(self, adult: Person, children: Sequence[Person]) -> str | None:
        for finder in (self._towards, self._parents_partner):
            for child in children:
                label = finder(adult, child.id)
                if label:
                    return label
        return None

    def _towards(self, adult: Person, child: str) -> str | None:
        kind = self.kind(adult.id, child) or ""
        if kind == "partner_of_parent":
            return self._parents_partner(adult, child) or "Parent's partner"
        if kind in BY_SEX:
            word = BY_SEX[kind][SEXES.get(adult.sex or "", 2)]
            return self._side(adult.id, child, word) if kind == "grandparent" else word
        return NAMED.get(kind)

    def _side(self, adult: str, child: str, word: str) -> str:
        """ "Maternal grandmother" when the grandparent is a parent of the child's mother."""
        for parent, kind in self._parents(child):
            if self.kind(adult, parent) in PARENTS:
                return f"{'Maternal' if kind == 'mother' else 'Paternal'} {word.lower()}"
        return word

    def _parents_partner(self, adult: Person, child: str) -> str | None:
        for parent, kind in self._parents(child):
            relation = self.kind(adult.id, parent)
            if relation in ("partner", "ex_partner"):
                return f"{kind.capitalize()}'s {relation.replace('_', '-')}"
        return None

    def _parents(self, child: str) -> list[tuple[str, str]]:
        return sorted(
            (person, kind)
            for (person, of), kinds in self._kinds.items()
            if of == child
            for kind in kinds & set(PARENTS)
        )


def person_names(
    case_people: CasePeople, records: Mapping[str, Mapping[str, Any]]
) -> list[PersonNames]:
    """Each person's names and identifiers, from their agency records (stored person
    records as JSON, by mention id) and the names the matching settled on."""
    found = []
    for person in case_people.people:
        own = [records[m.mention_id] for m in person.mentions if m.mention_id in records]
        full = [person.name, *(mention.name for mention in person.mentions)]
        found.append(_names_of(person, full, own))
    return found


def _names_of(person: Person, full: list[str], records: list[Mapping[str, Any]]) -> PersonNames:
    given = {r.get("given_names") or "" for r in records}
    family = {r.get("family_name") or "" for r in records}
    whole = {*full, *(f"{g} {f}" for g in given for f in family)}
    whole |= {alias for r in records for alias in r.get("known_as") or ()}
    names = whole | given | {word for name in given for word in name.split()}
    for words in (name.split() for name in whole if not _descriptive(name)):
        names |= set(words[:-1])
        family |= set(words[-1:]) if len(words) > 1 else set()
    family |= {part for name in family for part in re.split(r"[\s-]+", name)}
    births = {person.date_of_birth, *(_day(r.get("date_of_birth")) for r in records)}
    return PersonNames(
        person_id=person.id,
        names=tuple(sorted(_usable(names | family))),
        family_names=tuple(sorted(_usable(family))),
        dates_of_birth=tuple(sorted(day for day in births if day)),
        addresses=tuple(sorted({p for r in records for p in _address_parts(r.get("address"))})),
        identifiers=tuple(sorted(_identifiers(records))),
        known_by=len(person.mentions),
    )


def _descriptive(name: str) -> bool:
    """A name like "Baby of Kerry Walsh" or "partner's baby": not all of its words name."""
    return any(word.casefold() in NOT_NAMES for word in name.split())


def _usable(names: Iterable[str]) -> set[str]:
    """Names worth looking for: two or more characters, with a letter, none descriptive."""
    cleaned = {" ".join(name.split()) for name in names}
    return {
        name
        for name in cleaned
        if len(name) > 1 and any(c.isalpha() for c in name) and not _descriptive(name)
    }


def _day(value: Any) -> date | None:
    if not value or value.get("precision") not in ("day", "minute"):
        return None
    return date.fromisoformat(value["start"])


def _address_parts(address: str | None) -> set[str]:
    """ "Flat 3, 14 Calder Row, Callowbridge NS4 7QP": the whole and its leading parts, and
    the street ("14 Calder Row", "Calder Row"); the town alone says too little to hide."""
    parts = [" ".join(part.split()) for part in (address or "").split(",") if part.strip()]
    found = {", ".join(parts[:count]) for count in range(2, len(parts) + 1)}
    for words in (part.split() for part in parts if part.split()[-1] in STREETS):
        found |= {" ".join(words), " ".join(w for w in words if not w[0].isdigit())}
    return {part for part in found if len(part) > SHORTEST_REFERENCE}


def _identifiers(records: list[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {
        (str(record[key]).strip(), placeholder)
        for record in records
        for key, placeholder in IDENTIFIERS
        if record.get(key) and len(str(record[key]).strip()) >= SHORTEST_REFERENCE
    }


class Anonymiser:
    """Free text with a case's people replaced by their labels (see the module docstring)."""

    def __init__(self, glossary: Mapping[str, str], people: Sequence[PersonNames]) -> None:
        self.glossary = dict(glossary)
        self._labels = _labels_by_name(self.glossary, people)
        self._names = _words_pattern(self._labels)
        self._hidden = [*_known_details(people), *ANYONES]

    def text(self, value: str | None) -> str:
        text = LABELLED_BIRTH_DATE.sub(r"\g<lead>[date of birth]", value or "")
        for pattern, placeholder in self._hidden:
            text = pattern.sub(placeholder, text)
        return self._names.sub(self._label, text) if self._names else text

    def person(self, person_id: str, name: str) -> str:
        """A subject of an entry: their label, else their name anonymised as text."""
        return self.glossary.get(person_id) or self.text(name) or UNKNOWN_NAME

    def _label(self, match: re.Match[str]) -> str:
        return self._labels.get(_key(match.group(0)), UNKNOWN_NAME)


def apply(text: str | None, glossary: Mapping[str, str], people: Sequence[PersonNames]) -> str:
    """`text` anonymised (for many texts, make one `Anonymiser` and call its `text`)."""
    return Anonymiser(glossary, people).text(text)


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").replace(",", " ").casefold().split())


def _labels_by_name(glossary: Mapping[str, str], people: Sequence[PersonNames]) -> dict[str, str]:
    claims: dict[str, list[PersonNames]] = defaultdict(list)
    for person in people:
        for name in person.names:
            claims[_key(name)].append(person)
    family = {_key(name) for person in people for name in person.family_names}
    labels = {}
    for key, claimants in claims.items():
        named = {glossary.get(person.person_id, UNKNOWN_NAME) for person in claimants}
        if len(named) > 1 and key in family:
            labels[key] = UNKNOWN_NAME
        else:
            best = max(claimants, key=lambda person: person.known_by)
            labels[key] = glossary.get(best.person_id, UNKNOWN_NAME)
    return labels


def _words_pattern(texts: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all the texts, longest first, each as whole words in any case (a
    digit next to a name does not hide it: "Poppy2" is Poppy)."""
    ordered = sorted(set(texts), key=lambda text: (-len(text), text))
    if not ordered:
        return None
    either = "|".join(_as_pattern(text) for text in ordered)
    return re.compile(rf"(?<!{LETTER})(?:{either})(?!{LETTER})", re.IGNORECASE)


def _as_pattern(text: str) -> str:
    words = [re.escape(word).replace("'", "['\u2019]") for word in text.split()]
    if len(words) == 1 and text.casefold() in COMMON_WORDS:  # "Will", never "will"
        return f"(?-i:{re.escape(text.capitalize())}|{re.escape(text.upper())})"
    return r"[\s,]+".join(words)


def _known_details(people: Sequence[PersonNames]) -> list[tuple[re.Pattern[str], str]]:
    """The people's own addresses, identifiers and dates of birth, each with its placeholder."""
    addresses = _words_pattern(_key(a) for person in people for a in person.addresses)
    found = [(addresses, "[address]")] if addresses else []
    found += [
        (re.compile(rf"(?<!\w){_spaced(value)}(?!\w)", re.IGNORECASE), placeholder)
        for value, placeholder in sorted({i for person in people for i in person.identifiers})
    ]
    births = {day for person in people for day in person.dates_of_birth}
    return found + [(_birth_date_pattern(day), "[date of birth]") for day in sorted(births)]


def _spaced(value: str) -> str:
    """An identifier however it is spaced: "943 476 5919" also finds "9434765919"."""
    return r"[\s-]?".join(re.escape(c) for c in value if not c.isspace() and c != "-")


def _birth_date_pattern(day: date) -> re.Pattern[str]:
    """A date of birth as people write it: 02/11/2023, 2.11.23, 2023-11-02, 2nd Nov 2023."""
    d, m, y = day.day, day.month, day.year
    months = f"(?:{MONTHS[m - 1]}|{MONTHS[m - 1][:3]})\\.?"
    numeric = rf"0?{d}[/.\-]0?{m}[/.\-](?:{y}|{y % 100:02d})"
    iso = rf"{y}-{m:02d}-{d:02d}"
    words = rf"0?{d}(?:st|nd|rd|th)?\s+{months},?\s+{y}"
    american = rf"{months}\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}"
    return re.compile(rf"(?<!\d)(?:{numeric}|{iso}|{words}|{american})(?!\d)", re.IGNORECASE)
