"""Kinds of relationship: which point from elder to younger, which are parental, which are mutual.

The extract says "`person_ref` is the <relationship> of `related_person_ref`". Some types describe
someone of an older generation (a mother, a grandparent, a carer) and point down to the younger
person; the others (partner, sibling, friend...) are the same read either way round.
"""

from __future__ import annotations

from chronology.vocabulary import RelationshipType as R

# Parents, step-parents, partners of a parent and carers: the adults whose parental responsibility
# matters for the child (RULES.md rule 5). Edges of these types point from the adult to the child.
PARENTAL = frozenset(
    {
        R.MOTHER,
        R.FATHER,
        R.STEP_MOTHER,
        R.STEP_FATHER,
        R.PARTNER_OF_PARENT,
        R.KINSHIP_CARER,
        R.FOSTER_CARER,
        R.SPECIAL_GUARDIAN,
        R.GUARDIAN,
    }
)
BIRTH_PARENT = frozenset({R.MOTHER, R.FATHER})
SIBLINGS = frozenset({R.SIBLING, R.HALF_SIBLING})
PARTNERS = frozenset({R.PARTNER, R.EX_PARTNER})

# Generations between the two ends of a directed edge (for drawing in rows).
GENERATIONS_DOWN: dict[str, int] = {str(kind): 1 for kind in PARENTAL} | {
    R.GRANDPARENT: 2,
    R.AUNT_OR_UNCLE: 1,
}
DIRECTED = frozenset(GENERATIONS_DOWN)
SAME_GENERATION = SIBLINGS | PARTNERS
# Links that fix a generation for certain; carers, step-parents, uncles may be of any generation.
BY_BIRTH = BIRTH_PARENT | SIBLINGS | PARTNERS | {R.GRANDPARENT}

# How the younger end of a directed edge is related to the elder: "Finn is Kerry's child".
INVERSE: dict[str, str] = {
    R.MOTHER: "child",
    R.FATHER: "child",
    R.STEP_MOTHER: "step_child",
    R.STEP_FATHER: "step_child",
    R.PARTNER_OF_PARENT: "child_of_partner",
    R.GRANDPARENT: "grandchild",
    R.AUNT_OR_UNCLE: "niece_or_nephew",
    R.FOSTER_CARER: "foster_child",
    R.KINSHIP_CARER: "child_in_kinship_care",
    R.SPECIAL_GUARDIAN: "child_under_special_guardianship",
    R.GUARDIAN: "ward",
}

ORDER = tuple(R)


def order_of(relationship: str) -> int:
    """Where a relationship type sorts: vocabulary order, inverse names after their type."""
    for index, kind in enumerate(ORDER):
        if relationship in (kind, INVERSE.get(kind)):
            return index
    return len(ORDER)
