"""What schools announces, for the apps built on it (they connect their receivers in
their own `ready`; schools imports none of them)."""

from django.dispatch import Signal

# A learner's data is being gathered for an export (selectors.learner_data). Each
# receiver returns a dict of further sections: what its app keeps about the
# learner. Arguments: learner.
learner_data_gathered = Signal()
