"""Common English diminutives, both ways: a documented table, not a learned one.

Each full name maps to the short forms people are recorded under (Kerry / Kez, William /
Billy). Matching treats a name and any of its forms as the same given name.
"""

from __future__ import annotations

_TABLE = {
    "abigail": "abbie abby",
    "aleksandra": "ola alexandra",
    "alexander": "alex xander",
    "alfie": "alf",
    "amanda": "mandy",
    "amelia": "millie",
    "andrew": "andy drew",
    "anthony": "tony ant",
    "archie": "arch",
    "benjamin": "ben",
    "bradley": "brad",
    "callum": "cal",
    "charles": "charlie chas",
    "charlotte": "charlie lottie",
    "chantelle": "chan",
    "christine": "chris chrissie",
    "christopher": "chris",
    "daniel": "dan danny",
    "danielle": "dani",
    "david": "dave davey",
    "deborah": "debbie debs",
    "edward": "ed eddie ted",
    "elizabeth": "liz beth lizzie",
    "frederick": "freddie fred",
    "harrison": "harry",
    "henry": "harry",
    "isabella": "bella izzy",
    "jacob": "jake",
    "jakub": "kuba",
    "james": "jim jimmy jamie",
    "jennifer": "jen jenny",
    "jessica": "jess",
    "joanne": "jo",
    "jonathan": "jon jonny",
    "joseph": "joe joey",
    "katarzyna": "kasia",
    "katherine": "kate katie kath",
    "kayleigh": "kay kayley",
    "kerry": "kez",
    "kieran": "kez",
    "leanne": "lea",
    "margaret": "maggie peggy",
    "matthew": "matt",
    "michael": "mike mick micky",
    "michelle": "shell",
    "mohammed": "mohammad muhammad mo",
    "natalie": "nat",
    "nicholas": "nick nicky",
    "nicola": "nikki",
    "oliver": "ollie",
    "olivia": "liv",
    "oluwaseun": "seun",
    "patricia": "pat trish",
    "piotr": "peter",
    "rachel": "rach",
    "rebecca": "becky becca",
    "richard": "rich rick ricky",
    "robert": "rob bob robbie",
    "ronald": "ron ronnie",
    "samantha": "sam sammie",
    "samuel": "sam sammy",
    "sophia": "sophie",
    "stacey": "stace",
    "stephen": "steve steven",
    "susan": "sue",
    "thomas": "tom tommy",
    "tomasz": "tom",
    "victoria": "vicky tori",
    "william": "billy will bill liam",
    "agnieszka": "aga",
}

FORMS: dict[str, frozenset[str]] = {}
for _full, _shorts in _TABLE.items():
    for _name in (_full, *_shorts.split()):
        FORMS[_name] = FORMS.get(_name, frozenset()) | {_full, *_shorts.split()}


def forms_of(name: str) -> frozenset[str]:
    """The name and every form it is known by (just the name when none is known)."""
    return FORMS.get(name, frozenset()) | {name}
