"""Ingest: single rules, the command, the case files (cases/) and the blind corpora with their floors (blind*/)."""
