"""Packaging, read statically (no Docker daemon in CI): the lock, the compose files, the
Dockerfile and its build context.

- every third-party import is declared in pyproject.toml (runtime code in the runtime
  dependencies, tests and benches at least in the dev group) and locked in uv.lock;
- the local compose needs only BOT_TOKEN (polling, PostgreSQL, no port, no public host);
  the production one runs webhook replicas with Redis behind Caddy, which forwards only
  the webhook path; every setting passed to the bot is one the bot reads;
- the Dockerfile installs from the lock before it copies the code, runs as a user, and
  its uv is the one scripts/uv uses; the build context leaves out .venv, data, .env, .git.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path
from typing import Any

import yaml

from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIRS = ("bot", "handlers", "dialogs", "dashboard", "ui", "services", "storage", "core")
DEV_DIRS = ("tests", "bench", "scripts")
LOCAL = {
    "bot",
    "handlers",
    "dialogs",
    "dashboard",
    "ui",
    "services",
    "storage",
    "core",
    "tests",
    "bench",
    "scripts",
}
VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?([^}]*)\}")
DIGEST = re.compile(r"^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", spec)
    assert match, spec
    return normalize(match.group(0))


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def imports_of(folders: tuple[str, ...]) -> dict[str, str]:
    """Top-level modules imported by the .py files under `folders` -> one file importing it."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in LOCAL:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_declared_and_locked() -> None:
    project = pyproject()
    runtime = {requirement_name(spec) for spec in project["project"]["dependencies"]}
    dev = {requirement_name(spec) for spec in project["dependency-groups"]["dev"]}
    distributions = packages_distributions()
    missing: list[str] = []
    for folders, declared in ((RUNTIME_DIRS, runtime), (DEV_DIRS, runtime | dev)):
        for module, where in imports_of(folders).items():
            names = {normalize(d) for d in distributions.get(module, [])}
            if not names & declared:
                missing.append(f"{module} ({where}; distribution {sorted(names) or '?'})")
    assert not missing, "imported but not declared in pyproject.toml: " + ", ".join(missing)

    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    ours = next(p for p in lock["package"] if p["name"] == "seminar-bot")
    locked_runtime = {normalize(d["name"]) for d in ours["dependencies"]}
    locked_dev = {normalize(d["name"]) for d in ours["dev-dependencies"]["dev"]}
    assert runtime <= locked_runtime, "pyproject.toml changed: run scripts/lock"
    assert dev <= locked_dev, "pyproject.toml changed: run scripts/lock"
    assert "pytest" not in locked_runtime  # the run command installs runtime only


def compose(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def variables(name: str) -> dict[str, str]:
    """Each `${VAR...}` of a compose file -> 'required', 'default' or 'plain'."""
    kinds: dict[str, str] = {}
    for var, op, _rest in VARIABLE.findall((ROOT / name).read_text(encoding="utf-8")):
        kind = {"?": "required", ":?": "required", "-": "default", ":-": "default"}.get(op, "plain")
        if kinds.get(var) != "required":
            kinds[var] = kind
    return kinds


def setting_names() -> set[str]:
    return {str(field.validation_alias) for field in Settings.model_fields.values()}


def check_bot_environment(service: dict[str, Any]) -> dict[str, str]:
    env = {key: str(value) for key, value in service["environment"].items()}
    unknown = set(env) - setting_names()
    assert not unknown, f"not settings of the bot: {unknown}"
    return env


def test_local_compose_needs_only_the_token() -> None:
    data = compose("docker-compose.yml")
    kinds = variables("docker-compose.yml")
    assert [v for v, kind in kinds.items() if kind != "default"] == ["BOT_TOKEN"]
    assert kinds["BOT_TOKEN"] == "required"
    services = data["services"]
    assert set(services) == {"bot", "postgres"}
    bot = services["bot"]
    env = check_bot_environment(bot)
    assert env["MODE"] == "polling"
    assert (
        env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        and "@postgres:" in env["DATABASE_URL"]
    )
    assert "REDIS_URL" not in env and "WEBHOOK_URL" not in env
    assert bot["build"] == "."
    assert "/app/data" in " ".join(bot["volumes"])  # the data dir, and the health heartbeat
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert not any("ports" in service for service in services.values()), "no open port"
    for service in services.values():
        assert "image" not in service or DIGEST.match(service["image"]), service["image"]
    # The bot's settings resolve with only the token given (compose's defaults applied).
    resolved = {k: VARIABLE.sub(lambda m: m.group(3), v) for k, v in env.items()}
    resolved["BOT_TOKEN"] = "123456:AAE-example"
    settings = Settings(_env_file=None, **resolved)  # type: ignore[arg-type]
    assert settings.mode == "polling" and settings.redis_url is None


def test_production_compose_webhook_replicas_behind_caddy() -> None:
    data = compose("docker-compose.prod.yml")
    kinds = variables("docker-compose.prod.yml")
    required = {v for v, kind in kinds.items() if kind == "required"}
    assert required == {"BOT_TOKEN", "PUBLIC_HOST", "WEBHOOK_SECRET", "POSTGRES_PASSWORD"}
    assert not {v for v, kind in kinds.items() if kind == "plain"}
    services = data["services"]
    assert set(services) == {"bot1", "bot2", "proxy", "postgres", "redis"}
    envs = [check_bot_environment(services[name]) for name in ("bot1", "bot2")]
    for env in envs:
        assert env["MODE"] == "webhook"
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["WEBHOOK_URL"].endswith(env["WEBHOOK_PATH"])
    assert sorted(env["WEBHOOK_REGISTER"] for env in envs) == ["false", "true"]
    # Only the proxy is published; the bots' /healthz and /metrics stay inside.
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}
    assert data["networks"]["backend"]["internal"] is True
    for name in ("postgres", "redis"):
        assert services[name]["networks"] == ["backend"]
    for name, service in services.items():
        if "image" in service:
            assert DIGEST.match(service["image"]), f"{name}: pin the image by digest"

    # Caddy forwards the webhook path and the dashboard, nothing else, to both replicas.
    proxy = services["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    config = "\n".join(line.split("#")[0] for line in caddyfile.splitlines())
    assert re.findall(r"handle\s+(\S+)\s*\{", config) == [envs[0]["WEBHOOK_PATH"], "/dashboard*"]
    assert all(env["DASHBOARD_URL"].endswith("/dashboard") for env in envs)
    assert re.search(r"handle\s*\{\s*respond 404", config)
    assert re.findall(r"reverse_proxy\s+([^{\n]+)", config) == ["bot1:8080 bot2:8080 "] * 2
    assert "/metrics" not in config


def dockerfile_lines() -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_dockerfile_installs_the_lock_before_the_code() -> None:
    lines = dockerfile_lines()
    base = next(line for line in lines if line.startswith("ARG PYTHON_IMAGE="))
    assert DIGEST.match(base.split("=", 1)[1]), base
    assert all(line.split()[1] == "${PYTHON_IMAGE}" for line in lines if line.startswith("FROM"))
    uv_version = re.search(r"^UV_VERSION=(\S+)$", (ROOT / "scripts" / "uv").read_text(), re.M)
    assert uv_version
    assert f"RUN pip install uv=={uv_version.group(1)}" in lines
    sync = next(i for i, line in enumerate(lines) if "uv sync" in line)
    assert "--locked" in lines[sync] and "--no-dev" in lines[sync]
    assert lines[sync - 1] == "COPY pyproject.toml uv.lock ./"
    code_copies = [i for i, line in enumerate(lines) if re.match(r"COPY (bot|handlers) ", line)]
    assert code_copies and min(code_copies) > sync
    final = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM")) :]
    assert "USER seminar" in final
    assert any(line.startswith("HEALTHCHECK") and "bot.healthcheck" in line for line in final)


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; `!` re-includes."""
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(p, pattern) for p in prefixes) or any(
            fnmatch.fnmatch(part, pattern) for part in parts if "/" not in pattern
        ):
            result = not negate
    return result


def test_build_context_leaves_out_secrets_and_the_venv() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for path in (".venv/bin/python", "data/seminar-bot.sqlite3", ".env", ".git/config", ".uv/x"):
        assert ignored(path, patterns), path
    for path in (
        "pyproject.toml",
        "uv.lock",
        "bot/__main__.py",
        "locales/en/admin.ftl",
        "dashboard/static/app.js",
    ):
        assert not ignored(path, patterns), path
    assert ignored("bot/__pycache__/x.pyc", patterns)
    # What the Dockerfile copies is in the context.
    for line in dockerfile_lines():
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                assert not ignored(source, patterns), source


def test_env_example_lists_every_setting() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.M))
    assert setting_names() <= listed, setting_names() - listed
