"""Safety: hostile input and hostile users (hostile/), attacks on the archive and cache, interrupted builds and ingests."""
