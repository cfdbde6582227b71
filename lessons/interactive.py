"""The learner's place in scenarios and myth-or-fact sets, kept in the session.

Nothing here is stored in the database: visitors use the interactive elements too, and
nothing is kept about them beyond their session.
"""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext_lazy as _

from lessons.models import MythFactSet, Scenario

STALE_CHOICE = _(
    "That choice does not belong to where you are in this chat, or it was already "
    "sent. The chat below shows where you are now."
)
UNKNOWN_CARD = _("That card is not part of this set.")
BAD_ANSWER = _("Choose Myth or Fact.")


class InvalidMove(Exception):
    """A post that does not fit the learner's current place: a 400, state untouched."""


FIRST_TOKEN = "first"  # noqa: S105 - a step marker, not a secret


@dataclass
class ScenarioState:
    scenario: Scenario
    step: str
    token: str
    history: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, session: SessionBase, scenario: Scenario) -> "ScenarioState":
        saved = session.get(cls.key(scenario)) or {}
        step = saved.get("step")
        if step not in scenario.steps:
            # Not begun: nothing is kept until the first choice, so reading a chat
            # needs no session. That first choice is accepted once: it saves a
            # state with a random token, which a replay of it no longer matches.
            return cls(scenario, scenario.start, FIRST_TOKEN)
        history = [(s, c) for s, c in saved.get("history", []) if s in scenario.steps]
        return cls(scenario, step, saved.get("token", ""), history)

    @staticmethod
    def key(scenario: Scenario) -> str:
        return f"scenario:{scenario.locale}:{scenario.slug}"

    def save(self, session: SessionBase) -> None:
        session[self.key(self.scenario)] = {
            "step": self.step,
            "token": self.token,
            "history": self.history,
        }

    @property
    def current(self) -> dict[str, Any]:
        return self.scenario.steps[self.step]

    @property
    def finished(self) -> bool:
        return "ending" in self.current

    def choose(self, *, step: str, choice: str, token: str) -> None:
        """Move on by one choice; raise InvalidMove for a stale or forged post."""
        if not secrets.compare_digest(token.encode(), self.token.encode()) or (
            step != self.step
        ):
            raise InvalidMove(STALE_CHOICE)
        chosen = next(
            (c for c in self.current.get("choices", []) if c["id"] == choice), None
        )
        if chosen is None:
            raise InvalidMove(STALE_CHOICE)
        self.history.append((self.step, choice))
        self.step = chosen["next"]
        self.token = secrets.token_urlsafe(12)

    def restart(self) -> None:
        self.step = self.scenario.start
        self.history = []
        self.token = secrets.token_urlsafe(12)

    def transcript(self) -> list[dict[str, Any]]:
        """The steps passed so far, each with the choice made and its consequence."""
        rows = []
        for step_name, choice_id in self.history:
            step = self.scenario.steps[step_name]
            choice = next(
                (c for c in step.get("choices", []) if c["id"] == choice_id), None
            )
            rows.append({"messages": step.get("messages", []), "choice": choice})
        return rows


@dataclass
class MythFactState:
    mythfact: MythFactSet
    answers: dict[str, str]

    @classmethod
    def load(cls, session: SessionBase, mythfact: MythFactSet) -> "MythFactState":
        return cls(mythfact, dict(session.get(cls.key(mythfact)) or {}))

    @staticmethod
    def key(mythfact: MythFactSet) -> str:
        return f"mythfact:{mythfact.locale}:{mythfact.slug}"

    def save(self, session: SessionBase) -> None:
        session[self.key(self.mythfact)] = self.answers

    def answer(self, *, card: str, answer: str) -> None:
        if card not in {c["id"] for c in self.mythfact.cards}:
            raise InvalidMove(UNKNOWN_CARD)
        if answer not in ("myth", "fact"):
            raise InvalidMove(BAD_ANSWER)
        # The first answer counts; sending it again changes nothing.
        self.answers.setdefault(card, answer)

    def cards(self) -> list[dict[str, Any]]:
        return [
            {
                **card,
                "given": self.answers.get(card["id"]),
                "right": self.answers.get(card["id"]) == card["answer"],
            }
            for card in self.mythfact.cards
        ]

    @property
    def score(self) -> int:
        return sum(1 for card in self.cards() if card["given"] and card["right"])
