"""Bulk rows for `manage.py seed_scale` (`scale`: schools with their people and
classes) and `manage.py seed_demo` (`demo`: the demo school), and the learners'
progress through the tracks that both write (`progress`)."""
