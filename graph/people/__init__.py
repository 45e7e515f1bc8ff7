"""People's data: consent and what follows from it (and, next, erasure and personal exports)."""
