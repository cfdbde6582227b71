"""The lesson files (see content/README.md): their format, reading and loading.

`validate.read_content(root)` parses and checks every file into a `schema.Bundle`
(with a `Problem`, file:line, for each thing wrong); `load.content_load(bundle=...)`
writes a bundle without problems to the database.
"""
