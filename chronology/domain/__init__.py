"""The event-sourced domain: cases, extracts, entries, person mentions, relationships."""
