"""lti's answers to the signals of the apps below it: a graded quiz or a completed
lesson of an LMS learner queues their score, in the transaction that wrote it; a
learner's export includes their LMS account and scores waiting."""

from django.dispatch import receiver

from lessons.signals import lesson_completed, quiz_graded
from lti.grades import score_queue, score_queue_on_completion
from lti.selectors import learner_lms_data
from schools.signals import learner_data_gathered


@receiver(quiz_graded, dispatch_uid="lti_score_on_quiz")
def _queue_on_quiz(sender, learner, lesson, best_score, completed, **kwargs) -> None:
    score_queue(
        learner=learner, lesson=lesson, best_score=best_score, completed=completed
    )


@receiver(lesson_completed, dispatch_uid="lti_score_on_completion")
def _queue_on_completion(sender, learner, lesson, **kwargs) -> None:
    score_queue_on_completion(learner=learner, lesson=lesson)


@receiver(learner_data_gathered, dispatch_uid="lti_learner_data")
def _learner_data(sender, learner, **kwargs) -> dict:
    return learner_lms_data(learner)
