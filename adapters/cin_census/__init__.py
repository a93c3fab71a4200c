"""The DfE Children in Need (CIN) census XML return, as local authorities send it each year.

`recognises` sniffs a file cheaply; `read` turns it into people (one per child) and dated
entries (referrals, assessments, plans, conferences, closures), every problem placed.
"""

from adapters.cin_census.reader import read_cin_census as read
from adapters.cin_census.sniff import recognises

FORMAT = "cin-xml"

__all__ = ["FORMAT", "read", "recognises"]
