"""SPARQL as the product speaks it to people: `guard` (the checks on query text), `pool` (the
killable query workers, the read seam for query text that comes from a person), `results`
(result formats), `service` (the service description), `update` (staff updates as changes),
`prefixes` (the one prefix adder), `syntax` (syntax errors in words) and `remote` (queries
sent to other endpoints)."""
