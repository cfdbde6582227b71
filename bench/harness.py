"""The benchmark: gunicorn on 127.0.0.1 against SQLite or PostgreSQL, driven by locust
in headless mode for a fixed time per scenario. See bench/README.md.

Run it through `bench/run`, which sets up the virtual environment first.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
BENCH = BASE / "bench"
BIN = Path(sys.executable).parent
SCENARIOS = [
    ("health", "Health check (the floor)"),
    ("home", "Home page, signed out"),
    ("section_signed_out", "Lesson section, signed out"),
    ("section_signed_in", "Lesson section, signed in (records progress)"),
    ("quiz_submission", "Quiz: open it and send the answers"),
    ("class_report", "Class report (25 students)"),
    ("school_dashboard", "School dashboard (500 students)"),
    ("platform_overview", "Platform overview (all schools)"),
]
# The targets of issue 8, as ratios to the floor measured in the same run.
MIN_THROUGHPUT = {
    "section_signed_out": 0.5,
    "section_signed_in": 0.3,
    "quiz_submission": 0.3,
}
MAX_P95 = {"class_report": 5, "school_dashboard": 5, "platform_overview": 10}
MEMORY_LIMIT_MB = 200


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
        "--only", nargs="*", default=None, help="run only these scenarios"
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="the classroom reliability run instead of the scenarios",
    )
    parser.add_argument(
        "--classroom-seconds", type=int, default=300, help="its length (5 minutes)"
    )
    return parser.parse_args()


def environment(args: argparse.Namespace) -> dict[str, str]:
    if args.db == "sqlite":
        (BENCH / "data").mkdir(exist_ok=True)
        database = f"sqlite:///{BENCH / 'data' / 'bench.sqlite3'}"
    else:
        database = args.postgres_url
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="elearning.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-use",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on 127.0.0.1 stands in for the TLS proxy in front.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DATABASE_URL=database,
        DATABASE_CONN_MAX_AGE="600",
        CACHE_URL=args.cache_url,
        # As the README's deployment: sessions in the shared cache.
        SESSION_STORE="cache" if args.cache_url.startswith("redis") else "db",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE),
    )
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *command], cwd=BASE, env=env, check=True
    )


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    if args.db == "postgres":
        name = args.postgres_url.rsplit("/", 1)[1]
        server = args.postgres_url.rsplit("/", 1)[0] + "/postgres"
        found = subprocess.run(
            [
                "psql",
                server,
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{name}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not found:
            subprocess.run(
                ["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True
            )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env,
        "seed_scale",
        "--force",
        "--schools",
        str(args.schools),
        "--classes-per-school",
        str(args.classes_per_school),
        "--students-per-class",
        str(args.students_per_class),
    )


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "elearning.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(BENCH / "results" / "gunicorn.log"),
        ],
        cwd=BASE,
        env=env,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz") as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer /healthz within 20 s")


def workers_peak_mb(server: subprocess.Popen) -> float:
    """The highest peak resident memory (VmHWM) of any gunicorn worker so far."""
    peak = 0
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


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


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_scenario(args, env, scenario: str, manifest: Path) -> dict:
    output = BENCH / "results" / f"raw-{scenario}.json"
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
    times = sorted(seen["times"])
    span = (seen["last"] or 0) - (seen["first"] or 0)
    errors = seen["errors"] + seen["setup_errors"]
    for error in errors[:5]:
        print(f"    error: {error}")
    return {
        "requests": len(times),
        "rps": len(times) / span if span else 0,
        "median": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": len(errors),
    }


def table(args, results: dict, queries: dict, peak: float, started: datetime) -> str:
    floor = results.get("health")
    lines = [
        f"Benchmark of {started:%Y-%m-%d %H:%M} UTC, database: {args.db}, "
        f"{os.cpu_count()} cores, {memory_gb():.0f} GiB, gunicorn with "
        f"{args.workers} workers, {args.users} users, {args.seconds} s per scenario; "
        f"data: {args.schools} schools x {args.classes_per_school} classes x "
        f"{args.students_per_class} students.",
        "",
        "| Scenario | Requests | Req/s | Median ms | p95 ms | p99 ms | Errors | "
        "Throughput / floor | p95 / floor | Queries | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for scenario, label in SCENARIOS:
        if scenario not in results:
            continue
        r = results[scenario]
        ratio = r["rps"] / floor["rps"] if floor and floor["rps"] else 0
        p95_ratio = r["p95"] / floor["p95"] if floor and floor["p95"] else 0
        target = "zero errors"
        met = r["errors"] == 0 and r["requests"] > 0  # no requests: it did not run
        if scenario in MIN_THROUGHPUT:
            target += f", throughput >= {MIN_THROUGHPUT[scenario]:.0%}"
            met = met and ratio >= MIN_THROUGHPUT[scenario]
        if scenario in MAX_P95:
            target += f", p95 <= {MAX_P95[scenario]}x"
            met = met and p95_ratio <= MAX_P95[scenario]
        lines.append(
            f"| {label} | {r['requests']} | {r['rps']:.1f} | {r['median']:.0f} | "
            f"{r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} | {ratio:.0%} | "
            f"{p95_ratio:.1f}x | {queries.get(scenario, '')} | "
            f"{'met' if met else 'NOT MET'}: {target} |"
        )
    lines += [
        "",
        f"Peak resident memory of a gunicorn worker: {peak:.0f} MB "
        f"(target: under {MEMORY_LIMIT_MB} MB: "
        f"{'met' if peak < MEMORY_LIMIT_MB else 'NOT MET'}).",
    ]
    return "\n".join(lines) + "\n"


def memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0


def django_script(env: dict[str, str], target: Path, mode: str) -> dict:
    subprocess.run(
        [str(BIN / "python"), str(BENCH / "manifest.py"), str(target), mode],
        cwd=BASE,
        env=env,
        check=True,
    )
    return json.loads(target.read_text())


def classroom(args: argparse.Namespace, env: dict[str, str]) -> None:
    """10 classes of 30 behind one address each; then check the rows written."""
    started = datetime.utcnow()  # noqa: DTZ003 - printed as UTC
    env = {**env, "DJANGO_PROXY_COUNT": "1"}  # as behind a school's proxy
    manifest = BENCH / "results" / f"classroom-{args.db}.json"
    plan = django_script(env, manifest, "classroom")
    server = start_server(args, env)
    output = BENCH / "results" / "raw-classroom.json"
    users = sum(len(c["students"]) for c in plan["classes"]) + len(plan["classes"])
    print(f"  Classroom: {users} users for {args.classroom_seconds} s ...", flush=True)
    try:
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
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    seen = json.loads(output.read_text())
    rows = django_script(
        env, BENCH / "results" / "classroom-rows.json", "classroom-rows"
    )
    views = {tuple(v) for v in seen["views"]}
    lessons = {
        s: lesson["slug"] for lesson in plan["lessons"] for s in lesson["sections"]
    }
    pairs = sorted({f"{user}|{lessons[url]}" for user, url in views})
    students, teachers = sorted(seen["student_times"]), sorted(seen["teacher_times"])
    checks = [
        ("Signed in", f"{seen['signed_in']} of {users}", seen["signed_in"] == users),
        ("Errors", str(len(seen["errors"])), not seen["errors"]),
        (
            "Locked out",
            f"{rows['locked_out']} (sign-in failures: {rows['failed_sign_ins']})",
            rows["locked_out"] == 0,
        ),
        (
            "Section views in the database = distinct pages answered 200",
            f"{rows['section_views']} = {len(views)}",
            rows["section_views"] == len(views),
        ),
        (
            "Lesson progress rows = lessons opened",
            f"{rows['progress']} = {len(pairs)}",
            rows["progress_pairs"] == pairs,
        ),
        (
            "Quiz attempts saved = submissions answered 302",
            f"{rows['submitted']} = {seen['submissions']}",
            rows["submitted"] == seen["submissions"],
        ),
    ]
    lines = [
        f"Classroom run of {started:%Y-%m-%d %H:%M} UTC, database: {args.db}, "
        f"{os.cpu_count()} cores, {memory_gb():.0f} GiB, gunicorn with "
        f"{args.workers} workers; {len(plan['classes'])} classes of "
        f"{len(plan['classes'][0]['students'])} students, each class behind one "
        f"address, signing in within 10 s, then {args.classroom_seconds} s of "
        "lessons and quizzes, with a teacher per class refreshing the report.",
        "",
        "| Requests | Count | Median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, times in (("Students' pages", students), ("Class reports", teachers)):
        lines.append(
            f"| {label} | {len(times)} | {percentile(times, 0.5):.0f} | "
            f"{percentile(times, 0.95):.0f} | {percentile(times, 0.99):.0f} |"
        )
    lines += ["", "| Check | Figures | Result |", "|---|---|---|"]
    lines += [f"| {c} | {f} | {'ok' if ok else 'FAILED'} |" for c, f, ok in checks]
    lines += ["", f"Peak resident memory of a gunicorn worker: {peak:.0f} MB."]
    for error in seen["errors"][:5]:
        lines.append(f"- error: {error}")
    report = "\n".join(lines) + "\n"
    out = BENCH / "results" / f"{started:%Y-%m-%d-%H%M}-classroom-{args.db}.md"
    out.write_text(report)
    output.unlink()
    print(report)
    print(f"Written to {out.relative_to(BASE)}")


def main() -> None:
    args = arguments()
    env = environment(args)
    if args.classroom:
        (BENCH / "results").mkdir(exist_ok=True)
        prepare(args, env)
        classroom(args, env)
        return
    started = datetime.utcnow()  # noqa: DTZ003 - printed as UTC
    (BENCH / "results").mkdir(exist_ok=True)
    prepare(args, env)
    manifest = BENCH / "results" / f"manifest-{args.db}.json"
    queries = django_script(env, manifest, str(args.users))["queries"]
    server = start_server(args, env)
    results = {}
    try:
        for scenario, label in SCENARIOS:
            if args.only and scenario not in args.only and scenario != "health":
                continue
            print(f"  {label}: {args.seconds} s ...", flush=True)
            results[scenario] = run_scenario(args, env, scenario, manifest)
        peak = workers_peak_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report = table(args, results, queries, peak, started)
    out = BENCH / "results" / f"{started:%Y-%m-%d-%H%M}-{args.db}.md"
    out.write_text(report)
    print(report)
    print(f"Written to {out.relative_to(BASE)}")


if __name__ == "__main__":
    main()
