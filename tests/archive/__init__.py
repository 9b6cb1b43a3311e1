"""Reading and checking an archive: parse, validate, the check corpus (bad/), properties, storage, memo, the editorial workflow."""
