"""Bulk rows for `manage.py seed_scale`: schools with their people and classes
(`scale`), and the learners' progress through the tracks (`progress`)."""
