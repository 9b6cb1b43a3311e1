"""Ingest: a source article (txt, md, html) becomes a draft briefing.

Pure extraction lives in ``clean``, ``meta``, ``people``, ``quotes``, ``issues`` and
``draft``; ``command`` is the only part that reads or writes files.
"""
