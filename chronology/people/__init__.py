"""People: person mentions matched into people, and the relationships between them."""
