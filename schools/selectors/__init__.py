"""Reads about schools, one module per concern, each query's related rows and order
already applied. Every report runs a fixed number of queries, whatever the number
of learners; figures are aggregated by the database."""
