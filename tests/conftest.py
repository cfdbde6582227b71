import pytest
from django.db import connection

from tests import factories


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-postgres",
        action="store_true",
        help="Fail unless the suite runs against PostgreSQL (CI's second run).",
    )


@pytest.fixture(autouse=True, scope="session")
def _database_vendor_check(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--require-postgres"):
        assert connection.vendor == "postgresql", (
            f"--require-postgres given but DATABASE_URL points at {connection.vendor}"
        )


@pytest.fixture
def password() -> str:
    return factories.PASSWORD


@pytest.fixture
def adult(db):
    return factories.AdultFactory()


@pytest.fixture
def student(db):
    return factories.StudentFactory()


@pytest.fixture
def school(db):
    return factories.SchoolFactory()


@pytest.fixture
def content(tmp_path, db):
    """The small builder content tree, loaded (one student track, one lesson)."""
    from lessons.content_files import read_content
    from lessons.services import content_load
    from tests.lessons import content_builder

    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))
