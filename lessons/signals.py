"""What lessons announces about learners' progress, for the apps built on it.

Sent inside the transaction that wrote the progress, so a receiver's own writes
(schools keeps summary figures) commit or roll back with it. Lessons imports no
app above it: schools connects its receivers in `SchoolsConfig.ready`.
"""

from django.dispatch import Signal

# A learner did something that counts as activity (viewed a section, sent a quiz).
# Arguments: learner.
learner_active = Signal()

# A learner's lesson became complete, once per learner and lesson.
# Arguments: learner, lesson.
lesson_completed = Signal()

# A lesson quiz was graded and the learner's best score or the lesson's status
# changed. Arguments: learner, lesson, best_score (percent), completed (bool).
quiz_graded = Signal()

# Progress was recounted for these lessons after their content changed (rare).
# Arguments: lesson_ids.
progress_recounted = Signal()
