"""SPARQL as the product speaks it to people: the guard on query text, the pool of killable
query workers (the read seam for query text that comes from a user), result formats, staff
updates as changes, and queries sent to remote endpoints."""
