"""The FHIR R4 Bundle adapter (NHS UK Core shaped): Patients, RelatedPersons, Encounters,
Appointments, Immunizations, Conditions, Observations and Flags into a chronology extract."""

from adapters.fhir.reader import read
from adapters.fhir.sniff import recognises

FORMAT = "fhir"

__all__ = ["FORMAT", "read", "recognises"]
