"""What people and programs see: the command line (and, later, the web app and exports)."""
