"""Briefing archive: news articles → reviewed briefings → a searchable static site."""
