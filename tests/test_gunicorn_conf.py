"""gunicorn.conf.py: the settings every gunicorn of this site starts with."""

import runpy

from gunicorn.config import Config

from tests.test_settings import BASE_DIR

CONF = BASE_DIR / "gunicorn.conf.py"


def test_gunicorn_reads_the_projects_file_by_default():
    assert Config().settings["config"].default == "./gunicorn.conf.py"
    assert CONF.exists()


def test_sync_workers_two_per_core_and_one_or_as_the_environment_says(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    values = runpy.run_path(str(CONF))
    assert values["worker_class"] == "sync"
    assert values["workers"] == 2 * values["multiprocessing"].cpu_count() + 1
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(CONF))["workers"] == 3
    config = Config()
    for name in ("workers", "worker_class", "timeout"):
        config.set(name, values[name])  # each is a setting gunicorn knows
