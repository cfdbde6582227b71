"""Pages of schools, one module per thing people do. Each view binds its input,
fetches what it acts on through schools.access, calls a service or a selector and
renders: the queries, the rules and the files are elsewhere."""
