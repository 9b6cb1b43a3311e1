"""Where an archive keeps its files: the folder names every part of the tool shares."""

from __future__ import annotations

BRIEFINGS = "briefings"
CONTENT = "content"  # the registry and source articles
SETTINGS = "mkdocs.yml"  # the site's settings (see site_settings)
ISSUES = "content/issues"
ACTORS = "content/actors"
TEMPLATES = "templates"  # optional: without it the project's templates are used
CACHE = ".cache"  # what builds remember between runs; never an input
# The hashes of the inputs the last build read (``cache.fingerprints``): written when it went
# through, so an input changed after this file was written changed since that build.
PRINTS_FILE = f"{CACHE}/prints.pickle"

# What a build reads from the archive, besides the templates.
BUILD_INPUTS = (BRIEFINGS, CONTENT, SETTINGS)
# What ``check`` has a process of its own stamp while it imports the rest of the tool
# (``cli.main``): every briefing is stamped, ~0.2 s at 30,000.
CHECK_WALK = (BRIEFINGS,)
