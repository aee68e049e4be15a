"""``keras-lectures backends [--compare LECTURE]``.

Lists the installed Keras backends with their versions (read from package
metadata, without importing them). With ``--compare`` it fits the same lecture
under each installed backend, each in its own Python process because Keras
fixes its backend at import, and tabulates score, fit time and predict time.
"""

import json
import os
import subprocess
import sys

from keras_lectures import backend as backend_mod
from keras_lectures.commands._common import (
    CommandError,
    distribution_version,
    format_table,
    progress,
)

__all__ = ["run", "installed_backends", "compare"]


def installed_backends():
    """Rows ``(name, version, installed)`` for every known backend."""
    installed = set(backend_mod.available())
    rows = []
    for name in backend_mod.BACKENDS:
        version = distribution_version(name) if name in installed else None
        rows.append((name, version, name in installed))
    return rows


def _default_backend():
    try:
        return backend_mod.current()
    except RuntimeError:
        return None


def compare(lecture, *, quick=True, seed=0, data_home=None, allow_fallback=False,
            backends=None, timeout=None):
    """Fit ``lecture`` under each backend, one subprocess each.

    Returns a list of dicts: ``backend``, ``version`` and either the fit result
    (``score``, ``fit_time``, ``predict_time``, ...) or ``error``.
    """
    names = list(backends) if backends is not None else backend_mod.available()
    results = []
    for k, name in enumerate(names, 1):
        progress(f"[backend {k}/{len(names)}] fitting {lecture} with {name}")
        cmd = [sys.executable, "-m", "keras_lectures", "--backend", name]
        if data_home:
            cmd += ["--data-home", str(data_home)]
        cmd += ["fit", lecture, "--json", "--seed", str(seed)]
        if quick:
            cmd.append("--quick")
        if allow_fallback:
            cmd.append("--allow-fallback")
        env = dict(os.environ, KERAS_BACKEND=name)
        row = {"backend": name, "version": distribution_version(name)}
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, env=env, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            row["error"] = f"timed out after {timeout} s"
            results.append(row)
            continue
        if done.returncode != 0:
            lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
            row["error"] = lines[-1] if lines else f"exit code {done.returncode}"
        else:
            try:
                row.update(json.loads(done.stdout))
            except ValueError:
                row["error"] = "the fit printed no JSON result"
        results.append(row)
    return results


def _fmt(value, spec):
    return "" if value is None else format(value, spec)


def run(args):
    if not args.compare:
        current = _default_backend()
        rows = []
        for name, version, installed in installed_backends():
            rows.append((
                name,
                version if installed else "not installed",
                "yes" if name == current else "",
                "" if installed else backend_mod._INSTALL_HINT[name],
            ))
        keras_version = distribution_version("keras") or "not installed"
        print(f"keras {keras_version}")
        print(format_table(("backend", "version", "selected", "install with"), rows))
        return 0

    if not backend_mod.available():
        raise CommandError(
            "no Keras backend is installed; install one with "
            + " or ".join(backend_mod._INSTALL_HINT.values())
        )
    results = compare(
        args.compare,
        quick=not args.full,
        seed=args.seed,
        data_home=getattr(args, "data_home", None),
    )
    errors = [r for r in results if "error" in r]
    if len(errors) == len(results):
        # The same failure everywhere (an unknown lecture, missing data): say it once.
        message = errors[0]["error"]
        prefix = "keras-lectures: error: "
        if message.startswith(prefix):
            message = message[len(prefix):]
        raise CommandError(message)
    rows = []
    for r in results:
        if "error" in r:
            rows.append((r["backend"], r["version"], "", "", "", r["error"]))
            continue
        rows.append((
            r["backend"],
            r["version"],
            f"{r.get('score_name', 'score')} {_fmt(r.get('test_score'), '.4f')}",
            _fmt(r.get("fit_time"), ".2f"),
            _fmt(r.get("predict_time"), ".3f"),
            "",
        ))
    first = next(r for r in results if "error" not in r)
    print(
        f"{first.get('lecture', args.compare)} on {first.get('dataset', '?')}"
        f" ({'quick run' if not args.full else 'lecture settings'}, seed {args.seed})"
    )
    print(format_table(
        ("backend", "version", "test score", "fit s", "predict s", "error"), rows
    ))
    return 1 if errors else 0
