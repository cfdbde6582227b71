"""The scenario reader: every branch leads somewhere and every step to an end."""

import pytest
import yaml

from tests.lessons import content_builder
from tests.lessons.content_builder import problems, yaml_with


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s["steps"]["hello"]["choices"][1].update(next="nowhere"),
            "step 'hello', choice 'chat': next step 'nowhere' does not exist "
            "(the branch leads nowhere)",
        ),
        (
            lambda s: s["steps"].update(lost={"ending": "safe", "text": "Unreached."}),
            "step 'lost' cannot be reached from 'hello'",
        ),
        (
            lambda s: s["steps"]["moved"].pop("choices"),
            "step 'moved' has no choices and is not an ending: it leads nowhere",
        ),
        (
            lambda s: s["steps"]["moved"]["choices"][0].update(next="moved"),
            "step 'moved' never reaches an ending",
        ),
    ],
)
def test_a_scenario_branch_that_leads_nowhere_fails(tmp_path, change, message):
    scenario = yaml.safe_load(yaml.safe_dump(content_builder.SCENARIO))
    change(scenario)
    found = problems(
        tmp_path, yaml_with("en/students/scenarios/test-chat.yaml", scenario)
    )
    assert any(message in p for p in found), found
    assert all(
        p.startswith("content/en/students/scenarios/test-chat.yaml:") for p in found
    )
