"""The consultant's dashboard: read-only results of a round, and their downloads."""
