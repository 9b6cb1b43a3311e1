"""The built site: pipeline, rendering and its golden pages, incremental and live builds, search, MkDocs, the browser."""
