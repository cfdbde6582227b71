"""A small, valid content tree in the real file format, for tests to load or spoil."""

from pathlib import Path

import yaml

from lessons.content.validate import read_content
from tests.lessons.pseudo_translation import dump, pseudo

SOURCES = [
    {
        "id": "ncmec-2024-new-data",
        "organisation": "NCMEC",
        "title": "NCMEC Releases New Sextortion Data",
        "year": 2024,
        "url": "https://www.missingkids.org/blog/2024/ncmec-releases-new-sextortion-data",
        "certainty": "verified",
    },
    {
        "id": "fbi-2024-threat",
        "organisation": "FBI",
        "title": "The Financially Motivated Sextortion Threat",
        "year": 2024,
        "url": "https://www.fbi.gov/news/stories/the-financially-motivated-sextortion-threat",
        "certainty": "verified",
    },
]

HELPLINES = {
    "countries": [
        {
            "code": "GB",
            "name": "United Kingdom",
            "emergency": "999",
            "lines": [
                {
                    "name": "CEOP Safety Centre",
                    "kinds": ["reporting"],
                    "for": "Under-18s",
                    "description": "Report online sexual abuse or blackmail.",
                    "url": "https://www.ceop.police.uk/",
                    "source": "fbi-2024-threat",
                },
                {
                    "name": "Samaritans",
                    "kinds": ["adult-crisis", "youth-crisis"],
                    "for": "Anyone of any age",
                    "description": "Talk to someone about anything.",
                    "phone": "116 123",
                    "hours": "24 hours a day, every day",
                    "always_open": True,
                    "cost": "Free",
                    "source": "fbi-2024-threat",
                },
                {
                    "name": "Childline",
                    "kinds": ["child-helpline"],
                    "for": "Under-19s",
                    "description": "Talk to someone in private.",
                    "phone": "0800 1111",
                    "hours": "Every day",
                    "source": "fbi-2024-threat",
                },
                {
                    "name": "Take It Down",
                    "kinds": ["removal"],
                    "for": "Anyone with a picture taken before they turned 18",
                    "description": "Get a picture taken down.",
                    "url": "https://takeitdown.ncmec.org",
                    "source": "ncmec-2024-new-data",
                },
            ],
        },
        {
            "code": "US",
            "name": "United States",
            "emergency": "911",
            "missing": {
                "child-helpline": "None is in the facts sheets.",
            },
            "lines": [
                {
                    "name": "NCMEC CyberTipline",
                    "kinds": ["reporting", "removal"],
                    "for": "Anyone in the US",
                    "description": "Report the online exploitation of a child.",
                    "url": "https://www.cybertipline.org/",
                    "phone": "1-800-843-5678",
                    "source": "ncmec-2024-new-data",
                },
                {
                    "name": "988 Suicide & Crisis Lifeline",
                    "kinds": ["youth-crisis", "adult-crisis"],
                    "for": "Anyone of any age",
                    "description": "Call or text if you are struggling.",
                    "phone": "988",
                    "hours": "Any time",
                    "always_open": True,
                    "source": "ncmec-2024-new-data",
                },
            ],
        },
    ]
}

LESSON = """---
slug: first-lesson
title: The first lesson
summary: What it is and what to do.
minutes: 5
objectives:
  - id: know-how-it-works
    text: Know how it works.
    covers: [how-offenders-operate, not-your-fault, dont-pay-or-send-more]
  - id: know-what-to-do
    text: Know what to do.
    covers: [stop-block-keep-evidence, tell-trusted-adult, report-platform-and-police]
  - id: know-where-help-is
    text: Know where help is.
    covers: [image-removal, helping-a-friend, where-to-get-help]
---

## How it starts

NCMEC received 26,718 reports in 2023 [@ncmec-2024-new-data].

[[scenario:test-chat]]

## It is not your fault {#not-your-fault}

It is never your fault. Do not pay [@fbi-2024-threat].

## Myth or fact

[[mythfact:test-cards]]

Think about each card.

## Where to get help {#get-help}

You are not alone. Talk to an adult you trust.

If you are not safe right now, call Samaritans or the emergency number.
"""

LEAFLET = {
    "title": "What parents need to know",
    "intro": "Your child's class learnt about sextortion.",
    "what_it_is": "Someone threatens to share an image unless paid [@fbi-2024-threat].",
    "warning_signs": [
        "They seem scared after using their phone.",
        "They ask for money suddenly.",
        "They stop seeing friends.",
        "They delete accounts.",
    ],
    "first_hour": [
        "Stay calm and say it is not their fault.",
        "Do not pay.",
        "Keep the evidence.",
        "Block and report the account.",
        "Get help: see the help lines overleaf.",
    ],
    "talking": "Talk early and without blame [@fbi-2024-threat].",
}

FACILITATOR = {
    "prepare": "Tell the safeguarding lead before the lesson [@fbi-2024-threat].",
    "sections": {
        "how-it-starts": {
            "minutes": 10,
            "discuss": ["How might a fake account look?"],
            "watch_for": "Anyone who goes quiet.",
        },
        "not-your-fault": {"minutes": 10, "discuss": ["Why is it never their fault?"]},
        "myth-or-fact": {"minutes": 10, "discuss": ["Which card surprised you?"]},
        "get-help": {"minutes": 5, "discuss": ["Who could you tell?"]},
    },
    "disclosure": "Listen, stay calm, tell the safeguarding lead [@fbi-2024-threat].",
    "help": "Anyone can call Samaritans, day or night.",
}

SCENARIO = {
    "slug": "test-chat",
    "title": "A new follower",
    "intro": "Someone new follows you.",
    "start": "hello",
    "steps": {
        "hello": {
            "messages": [{"from": "them", "name": "Mia", "text": "hey, you seem nice"}],
            "choices": [
                {
                    "id": "block",
                    "text": "Block them",
                    "consequence": "They cannot message you now.",
                    "next": "end-safe",
                },
                {
                    "id": "chat",
                    "text": "Chat back",
                    "consequence": "They ask you to move apps.",
                    "next": "moved",
                },
            ],
        },
        "moved": {
            "messages": [{"from": "them", "text": "add me on the other app"}],
            "choices": [
                {
                    "id": "stop",
                    "text": "Stop and tell an adult",
                    "consequence": "Good call.",
                    "next": "end-safe",
                }
            ],
        },
        "end-safe": {"ending": "safe", "text": "You stayed safe."},
    },
    "debrief": "Stop, keep evidence, block and tell someone [@fbi-2024-threat].",
}

MYTHFACT = {
    "slug": "test-cards",
    "title": "Myth or fact?",
    "cards": [
        {
            "id": "only-girls",
            "statement": "Only girls are targeted.",
            "answer": "myth",
            "explanation": "Boys are targeted most for money [@ncmec-2024-new-data].",
        },
        {
            "id": "paying-rarely-ends",
            "statement": "Paying rarely ends it.",
            "answer": "fact",
            "explanation": "It often goes on [@fbi-2024-threat].",
        },
    ],
}


def _options(correct: str, ids: tuple[str, ...] = ("a", "b", "c")) -> list[dict]:
    return [
        {
            "id": option,
            "text": f"Option {option}",
            "correct": option in correct.split(","),
            "explanation": f"Why {option} is right or wrong.",
        }
        for option in ids
    ]


QUIZ = {
    "questions": [
        {
            "id": "q-single",
            "type": "single",
            "prompt": "Pick one.",
            "options": _options("a"),
        },
        {
            "id": "q-multiple",
            "type": "multiple",
            "prompt": "Pick all that apply.",
            "options": _options("a,b"),
        },
        {
            "id": "q-truefalse",
            "type": "truefalse",
            "prompt": "It is your fault.",
            "options": _options("false", ("true", "false")),
        },
        {
            "id": "q-scenario",
            "type": "scenario",
            "situation": "Sam gets a threat.",
            "prompt": "What next?",
            "options": _options("b"),
        },
        {
            "id": "q-five",
            "type": "single",
            "prompt": "And one more.",
            "options": _options("c"),
        },
    ]
}

TRACK = {
    "slug": "students",
    "title": "For students",
    "audience": "students",
    "summary": "What to know and do.",
    "knowledge_check": {
        "questions": [
            {
                "id": f"kc-{n}",
                "type": "single",
                "prompt": f"Check question {n}.",
                "objective": "first-lesson/know-what-to-do",
                "options": _options("a"),
            }
            for n in range(1, 7)
        ]
    },
}


def files(languages: tuple[str, ...] = ("en",)) -> dict[str, str]:
    """Relative path -> text of every file of the tree: the English files, and for
    "es" their pseudo-translation (`pseudo`)."""
    english = {
        "en/helplines.yaml": dump(HELPLINES),
        "en/students/track.yaml": dump(TRACK),
        "en/students/leaflet.yaml": dump(LEAFLET),
        "en/students/01-first-lesson.md": LESSON,
        "en/students/01-first-lesson.quiz.yaml": dump(QUIZ),
        "en/students/01-first-lesson.facilitator.yaml": dump(FACILITATOR),
        "en/students/scenarios/test-chat.yaml": dump(SCENARIO),
        "en/students/mythfacts/test-cards.yaml": dump(MYTHFACT),
    }
    tree = {"sources.yaml": dump(SOURCES), **english}
    for language in languages:
        if language != "en":
            tree |= {
                f"{language}/{path[3:]}": pseudo(path, text)
                for path, text in english.items()
            }
    return tree


def write(
    root: Path,
    changes: dict[str, str | None] | None = None,
    languages: tuple[str, ...] = ("en",),
) -> Path:
    """Write the tree under `root` in `languages`; `changes` replaces (or, with None,
    drops) files."""
    tree = files(languages)
    tree.update(changes or {})
    for relative, text in tree.items():
        if text is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(
    tmp_path: Path,
    changes: dict[str, str | None] | None = None,
    languages: tuple[str, ...] = ("en",),
) -> list[str]:
    """The problems `read_content` finds in the tree (in `languages`) with `changes`,
    as printed."""
    root = write(tmp_path / "content", changes, languages)
    return [str(p) for p in read_content(root).problems]


def notes_for(*sections: str) -> str:
    """The first lesson's facilitator notes file, for a lesson with `sections`."""
    entry = {"minutes": 5, "discuss": ["What do you think?"]}
    return dump({**FACILITATOR, "sections": dict.fromkeys(sections, entry)})


def lesson_with(old: str, new: str) -> dict[str, str]:
    """A change to the tree: the lesson with `old` text replaced by `new`."""
    assert old in LESSON
    return {"en/students/01-first-lesson.md": LESSON.replace(old, new)}


def yaml_with(path: str, data: dict) -> dict[str, str]:
    """A change to the tree: the YAML file at `path` holding `data`."""
    return {path: yaml.safe_dump(data, sort_keys=False)}
