"""The web app: a JSON API today (CONTRACT.md's HTTP section), pages to come."""
