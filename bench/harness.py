"""The benchmark: gunicorn on 127.0.0.1 against SQLite or PostgreSQL, driven by locust
in headless mode for a fixed time per scenario. See bench/README.md.

Run it through `bench/run`, which sets up the virtual environment first. The site's
side (settings, database, gunicorn) is in bench/server.py, the tables in
bench/report.py.
"""

import argparse
import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

from report import (
    GROUPS,
    SCENARIOS,
    classroom_table,
    figures,
    publish,
    scenarios_table,
)
from server import (
    BENCH,
    BIN,
    RESULTS,
    django_script,
    environment,
    gunicorn,
    prepare,
    workers_peak_mb,
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=30, help="per scenario")
    parser.add_argument("--users", type=int, default=50, help="concurrent users")
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--classes-per-school", type=int, default=20)
    parser.add_argument("--students-per-class", type=int, default=25)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (default: 2 x cores + 1)",
    )
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/5",
        help="the shared cache, as in production (locmemcache:// for none)",
    )
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/elearning_bench",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="run only these scenarios (and the health check); class_report_sweep "
        "for the four class sizes",
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="the classroom reliability run instead of the scenarios",
    )
    parser.add_argument(
        "--classroom-seconds", type=int, default=300, help="its length (5 minutes)"
    )
    args = parser.parse_args()
    if args.only:
        args.only = chosen(parser, args.only)
    return args


def chosen(parser: argparse.ArgumentParser, names: list[str]) -> set[str]:
    """--only's scenarios, its groups spelt out; a misspelt name stops the run
    rather than leaving only the health check to run."""
    known = [scenario for scenario, _label in SCENARIOS]
    unknown = [n for n in names if n not in known and n not in GROUPS]
    if unknown:
        parser.error(
            f"unknown scenarios: {', '.join(unknown)}; choose from "
            f"{', '.join([*known, *GROUPS])}"
        )
    return {s for n in names for s in GROUPS.get(n, [n])}


def run_locust(
    args, locustfile: str, *, users, spawn_rate, seconds, stop_timeout, env
) -> None:
    """Locust, headless, against our gunicorn; the locustfile writes its figures
    to BENCH_OUTPUT when it quits."""
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(BENCH / locustfile),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            str(stop_timeout),
        ],
        cwd=BENCH,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_scenario(args, env, scenario: str, manifest: Path) -> dict:
    output = RESULTS / f"raw-{scenario}.json"
    run_locust(
        args,
        "locustfile.py",
        users=args.users,
        spawn_rate=args.users,
        seconds=args.seconds,
        stop_timeout=10,
        env={
            **env,
            "BENCH_SCENARIO": scenario,
            "BENCH_MANIFEST": str(manifest),
            "BENCH_OUTPUT": str(output),
            "BENCH_USERS": str(args.users),
        },
    )
    seen = json.loads(output.read_text())
    output.unlink()
    for error in (seen["errors"] + seen["setup_errors"])[:5]:
        print(f"    error: {error}")
    return figures(seen)


def classroom(args: argparse.Namespace, env: dict[str, str]) -> None:
    """10 classes of 30 behind one address each; then check the rows written."""
    started = datetime.utcnow()  # noqa: DTZ003 - printed as UTC
    env = {**env, "DJANGO_PROXY_COUNT": "1"}  # as behind a school's proxy
    manifest = RESULTS / f"classroom-{args.db}.json"
    plan = django_script(env, manifest, "classroom")
    output = RESULTS / "raw-classroom.json"
    users = sum(len(c["students"]) for c in plan["classes"]) + len(plan["classes"])
    with gunicorn(args, env) as server:
        print(
            f"  Classroom: {users} users for {args.classroom_seconds} s ...", flush=True
        )
        run_locust(
            args,
            "classroom_locustfile.py",
            users=users,
            spawn_rate=users / 10,  # everyone signs in within 10 seconds
            seconds=args.classroom_seconds,
            stop_timeout=30,  # each person finishes the request under way
            env={**env, "BENCH_MANIFEST": str(manifest), "BENCH_OUTPUT": str(output)},
        )
        peak = workers_peak_mb(server)
    seen = json.loads(output.read_text())
    output.unlink()
    rows = django_script(env, RESULTS / "classroom-rows.json", "classroom-rows")
    publish(
        classroom_table(args, plan, seen, rows, users, peak, started),
        f"{started:%Y-%m-%d-%H%M}-classroom-{args.db}",
    )


def main() -> None:
    args = arguments()
    env = environment(args)
    RESULTS.mkdir(exist_ok=True)
    if args.classroom:
        prepare(args, env)
        classroom(args, env)
        return
    started = datetime.utcnow()  # noqa: DTZ003 - printed as UTC
    prepare(args, env)
    manifest = RESULTS / f"manifest-{args.db}.json"
    plan = django_script(env, manifest, str(args.users))
    queries = plan["queries"]
    print(
        "  Class report queries: 25 students: "
        f"{queries.get('class_report')}, 300 students: "
        f"{queries.get('class_report_300')}",
        flush=True,
    )
    results = {}
    with gunicorn(args, env) as server:
        for scenario, label in SCENARIOS:
            if args.only and scenario not in args.only and scenario != "health":
                continue
            print(f"  {label}: {args.seconds} s ...", flush=True)
            results[scenario] = run_scenario(args, env, scenario, manifest)
        peak = workers_peak_mb(server)
    publish(
        scenarios_table(args, results, queries, peak, started, plan.get("built")),
        f"{started:%Y-%m-%d-%H%M}-{args.db}",
    )


if __name__ == "__main__":
    main()
