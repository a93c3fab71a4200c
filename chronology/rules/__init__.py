"""Flags: transparent, cited rules over the merged timeline and the family network (RULES.md).

One rule per module, each registered by its id; `evaluate` runs them all as at a date.
"""
