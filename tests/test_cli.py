"""The keras-lectures command: parsing, errors, backends and datasets.

These tests run ``main([...])`` in-process (fast) and a few subprocesses where
the process boundary is the point (no Keras import, exit codes, no traceback).
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from keras_lectures import cli

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args, env=None, timeout=120):
    """Run ``python -m keras_lectures ARGS`` in a subprocess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "keras_lectures", *args],
        capture_output=True, text=True, env=full_env, timeout=timeout, cwd=REPO,
    )


def one_line_error(stderr):
    """The error line: the last line of stderr and its only error (progress may precede)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "nothing on stderr"
    assert "Traceback" not in stderr
    errors = [line for line in lines if ": error: " in line]
    assert errors == lines[-1:], stderr
    assert lines[-1].startswith("keras-lectures")
    return lines[-1]


# ---------------------------------------------------------------- startup


def test_import_and_help_do_not_import_keras():
    code = (
        "import sys, keras_lectures.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "for sub in ('list', 'fit', 'report', 'reproduce', 'backends', 'datasets'):\n"
        "    try:\n        c.main([sub, '--help'])\n    except SystemExit as e:\n"
        "        assert e.code == 0\n"
        "heavy = [m for m in ('keras', 'jax', 'tensorflow', 'torch', 'sklearn', 'matplotlib')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("list", "fit", "report", "reproduce", "backends", "datasets",
                    "--backend", "--debug", "--quick"):
        assert command in out


def test_console_script_and_module_entry_points():
    done = run_cli("--help")
    assert done.returncode == 0 and "keras-lectures" in done.stdout
    script = Path(sys.executable).with_name("keras-lectures")
    if script.exists():
        done = subprocess.run([str(script), "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "report" in done.stdout


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize("argv, fragment", [
    (["bogus"], "invalid choice: 'bogus'"),
    ([], "required: COMMAND"),
    (["fit"], "required: LECTURE"),
    (["report", "--n-jobs", "many"], "invalid int value: 'many'"),
    (["datasets", "delete"], "invalid choice: 'delete'"),
])
def test_usage_errors_are_one_line_exit_2(capsys, argv, fragment):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert fragment in one_line_error(err)


def test_unknown_backend_is_a_usage_error(capsys):
    assert cli.main(["--backend", "theano", "backends"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "'theano'" in line and "jax, tensorflow, torch" in line


def test_backend_option_after_the_command(capsys):
    assert cli.main(["backends", "--backend", "theano"]) == 2
    assert "'theano'" in one_line_error(capsys.readouterr().err)


def test_backend_not_installed_says_how_to_install(capsys, monkeypatch):
    import keras_lectures.backend as backend

    real = importlib.util.find_spec
    monkeypatch.setattr(backend.importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    monkeypatch.delitem(sys.modules, "keras", raising=False)
    monkeypatch.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "jax"))
    assert cli.main(["--backend", "torch", "backends"]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "not installed" in line and 'pip install "keras-lectures[torch]"' in line


def test_bad_backend_in_a_subprocess_has_no_traceback():
    done = run_cli("--backend", "nope", "list")
    assert done.returncode == 2
    one_line_error(done.stderr)


def test_unexpected_errors_are_one_line_unless_debug(capsys, monkeypatch):
    import keras_lectures.commands.backends as backends

    def boom():
        raise ZeroDivisionError("the unexpected")

    monkeypatch.setattr(backends, "installed_backends", boom)
    assert cli.main(["backends"]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "ZeroDivisionError: the unexpected" in line and "--debug" in line
    with pytest.raises(ZeroDivisionError):
        cli.main(["--debug", "backends"])
    with pytest.raises(ZeroDivisionError):
        cli.main(["backends", "--debug"])


def test_interrupt_exits_130(capsys, monkeypatch):
    import keras_lectures.commands.backends as backends

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(backends, "installed_backends", interrupted)
    assert cli.main(["backends"]) == 130
    assert capsys.readouterr().err.strip() == "keras-lectures: interrupted"


# ---------------------------------------------------------------- backends


def test_backends_lists_installed_versions(capsys):
    import importlib.metadata

    from keras_lectures.backend import available

    assert cli.main(["backends"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"keras {importlib.metadata.version('keras')}")
    for name in available():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert "not installed" not in line
    assert "jax" in out and "tensorflow" in out and "torch" in out


def test_distribution_version_reads_metadata_without_import():
    from keras_lectures.utils.versions import distribution_version, package_versions

    assert distribution_version("surely_not_a_package_xyz") is None
    versions = package_versions("jax")
    assert {"python", "keras", "scikit-learn", "numpy", "keras-lectures"} <= set(versions)
    if importlib.util.find_spec("jax"):
        assert "jax" in versions and "jaxlib" in versions


class _Done:
    def __init__(self, returncode, stdout="", stderr=""):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def test_backends_compare_runs_one_process_per_backend(capsys, monkeypatch):
    import keras_lectures.commands.backends as backends

    monkeypatch.setattr(backends.backend_mod, "available", lambda: ["jax", "torch"])
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append((cmd, kwargs["env"]["KERAS_BACKEND"]))
        name = cmd[cmd.index("--backend") + 1]
        if name == "torch":
            return _Done(1, stderr="keras-lectures: error: torch broke\n")
        return _Done(0, stdout=json.dumps({
            "lecture": "xor-mlp", "dataset": "xor_generated", "score_name": "accuracy",
            "test_score": 0.975, "fit_time": 1.5, "predict_time": 0.02}))

    monkeypatch.setattr(backends.subprocess, "run", fake_run)
    assert cli.main(["backends", "--compare", "xor-mlp"]) == 1
    out = capsys.readouterr().out
    assert [env for _, env in calls] == ["jax", "torch"]
    assert all(cmd[:3] == [sys.executable, "-m", "keras_lectures"] for cmd, _ in calls)
    assert all("--quick" in cmd and "--json" in cmd for cmd, _ in calls)
    assert "accuracy 0.9750" in out and "1.50" in out
    assert "torch broke" in out


def test_backends_compare_same_error_everywhere_is_one_line(capsys, monkeypatch):
    import keras_lectures.commands.backends as backends

    monkeypatch.setattr(backends.backend_mod, "available", lambda: ["jax", "torch"])
    monkeypatch.setattr(backends.subprocess, "run", lambda cmd, **kw: _Done(
        2, stderr="keras-lectures: error: unknown lecture 'nope'; choose one of: a, b\n"))
    assert cli.main(["backends", "--compare", "nope"]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert line == "keras-lectures: error: unknown lecture 'nope'; choose one of: a, b"


# ---------------------------------------------------------------- datasets


def test_datasets_list_reports_missing_files(tmp_path, capsys):
    assert cli.main(["--data-home", str(tmp_path), "datasets"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"data folder: {tmp_path}"
    food = next(line for line in out.splitlines() if line.startswith("food_truck"))
    assert "missing" in food and str(tmp_path / "ex1data1.txt") in food
    assert "ready (no file needed)" in out


def test_datasets_verify_fails_on_a_damaged_file(tmp_path, capsys):
    (tmp_path / "ex1data1.txt").write_text("6.1101,17.592\n")
    assert cli.main(["datasets", "verify", "--data-home", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "CHECKSUM MISMATCH" in captured.out
    line = one_line_error(captured.err)
    assert "ex1data1.txt" in line and "datasets fetch food_truck" in line


def test_datasets_verify_a_named_missing_dataset(tmp_path, capsys):
    assert cli.main(["datasets", "verify", "food_truck", "--data-home", str(tmp_path)]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "ex1data1.txt" in line and "is missing" in line


def test_datasets_verify_the_lecture_files(lecture_data_home, capsys):
    assert cli.main(["datasets", "verify", "--data-home", str(lecture_data_home),
                     "food_truck", "admissions", "xor", "stock"]) == 0
    out = capsys.readouterr().out
    assert out.count(" ok ") >= 4 and "published sha256" in out


def test_options_between_positional_arguments(tmp_path, capsys):
    args = cli.build_parser().parse_args(
        ["report", "a", "--quick", "b", "--output", str(tmp_path), "c"])
    assert args.lectures == ["a", "b", "c"] and args.quick
    args = cli.build_parser().parse_args(["--debug", "datasets", "verify", "x", "--backend",
                                          "jax", "y"])
    assert args.names == ["x", "y"] and args.backend == "jax" and args.debug


def test_datasets_unknown_name(capsys):
    assert cli.main(["datasets", "list", "imagenet"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "unknown dataset 'imagenet'" in line and "food_truck" in line


def test_datasets_fetch_failure_is_one_line(tmp_path, capsys, monkeypatch):
    import keras_lectures.datasets as datasets

    def no_network(name, data_home=None):
        raise datasets.DatasetNotFoundError(
            [(tmp_path / "XORtrain.txt", "https://example.org/XORtrain.txt")],
            reason="no network")

    monkeypatch.setattr(datasets, "fetch", no_network)
    assert cli.main(["--data-home", str(tmp_path), "datasets", "fetch", "xor"]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "could not fetch 'xor'" in line and str(tmp_path / "XORtrain.txt") in line


def test_datasets_fetch_embedded_needs_nothing(capsys):
    assert cli.main(["datasets", "fetch", "digits", "sine"]) == 0


# ---------------------------------------------------------------- reproduce (stand-in registry)


class _Lecture:
    def __init__(self, lecture_id, figures, quotes=()):
        self.id, self.title, self.figures = lecture_id, lecture_id.title(), figures
        self.quotes, self.measure_reads_data = quotes, True
        self.dataset, self.fallback_dataset, self.task = "food_truck", "diabetes", "regression"
        self.pictures, self.teaches = (), ""


def _standin_registry(monkeypatch, measured):
    import types

    import keras_lectures.commands._lectures as seam
    from keras_lectures.lectures import Figure, Quote

    lectures = {
        "one": _Lecture("one", (Figure("theta_0", "-3.63", -3.63, -3.64, -3.62,
                                       "ex1 | script"),)),
        "two": _Lecture("two", (Figure("P(admit | 45, 85)", "0.776", 0.776, 0.774, 0.778,
                                       "ex2"),),
                        (Quote("parameters in total", "4,216,800", 4216800, "slide",
                               "the slide's arithmetic", corrected=1379557, measured=True),
                         Quote("training time", "105 min 31 s", 6331, "slide",
                               "other hardware"))),
    }

    def reproduce_lecture(lecture, *, data_home=None, random_state=0):
        value = measured[lecture.id]
        if isinstance(value, Exception):
            raise value
        figure = lecture.figures[0]
        quotes = [{"name": q.name, "claim": q.claim, "published": q.published,
                   "measured": measured.get("count") if q.measured else None,
                   "corrected": q.corrected, "source": q.source, "reason": q.reason,
                   "corrected_measured": (measured.get("count") == q.corrected
                                          if q.corrected is not None else None)}
                  for q in lecture.quotes]
        return {"figures": [{"name": figure.name, "claim": figure.claim,
                             "published": figure.published, "interval": figure.interval,
                             "measured": value, "source": figure.source, "note": "",
                             "passed": figure.holds(value)}],
                "quotes": quotes}

    module = types.SimpleNamespace(
        LECTURES=lectures, reproduce_lecture=reproduce_lecture,
        load_lecture_data=lambda lecture, **kw: None)
    monkeypatch.setattr(seam, "lectures_module", lambda: module)


def test_reproduce_writes_the_table(tmp_path, capsys, monkeypatch):
    _standin_registry(monkeypatch, {"one": -3.6303, "two": 0.7761, "count": 1379557})
    assert cli.main(["reproduce", "--output", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert ("2 of 2 checked figures reproduced, 1 of 1 slide corrections confirmed, "
            "2 numbers quoted from the slides") in captured.out
    assert "[lecture 2/2] two: 1 checked figure(s), 2 quoted number(s)" in captured.err
    assert "parameters in total: the slide says 4,216,800; corrected 1,379,557, " \
           "measured 1,379,557" in captured.err
    assert "training time: the slide says 105 min 31 s; not reproducible here" in captured.err
    md = (tmp_path / "REPRODUCTION.md").read_text()
    assert "P(admit \\| 45, 85)" in md and "-3.6303" in md and "ex1 \\| script" in md
    assert "| two | parameters in total | 4,216,800 | 1,379,557 | 1,379,557 |" in md
    assert "| two | training time | 105 min 31 s | – | – | other hardware " \
           "| not reproducible here |" in md
    data = json.loads((tmp_path / "REPRODUCTION.json").read_text())
    assert data["passed"] == data["total"] == 2 and data["seed"] == 0
    assert data["corrections_confirmed"] == data["corrections"] == 1
    assert data["backend"] and data["versions"]["keras"]
    assert [lec["lecture_id"] for lec in data["lectures"]] == ["one", "two"]
    assert data["lectures"][1]["quotes"][0]["corrected"] == 1379557


def test_reproduce_misses_and_failures_exit_1(tmp_path, capsys, monkeypatch):
    _standin_registry(monkeypatch, {"one": -2.0, "two": RuntimeError("diverged")})
    assert cli.main(["reproduce", "--output", str(tmp_path)]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "two failed" in line
    md = (tmp_path / "REPRODUCTION.md").read_text()
    assert "**miss**" in md and "error: RuntimeError: diverged" in md
    assert "0 of 1 figures reproduced" in md


def test_reproduce_unconfirmed_correction_exits_1(tmp_path, capsys, monkeypatch):
    _standin_registry(monkeypatch, {"one": -3.63, "two": 0.776, "count": 4216800})
    assert cli.main(["reproduce", "--output", str(tmp_path)]) == 1
    line = one_line_error(capsys.readouterr().err)
    assert "1 of 1 slide corrections not confirmed" in line
    md = (tmp_path / "REPRODUCTION.md").read_text()
    assert "does not have the corrected count" in md


def test_reproduce_unknown_lecture(tmp_path, capsys, monkeypatch):
    _standin_registry(monkeypatch, {})
    assert cli.main(["reproduce", "three", "--output", str(tmp_path)]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert line.endswith("unknown lecture 'three'; choose one of: one, two")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- report --quick

_OPTION = "--xla_backend_optimization_level"


@pytest.mark.parametrize("backend, quick, before, during", [
    ("jax", True, None, f"{_OPTION}=0"),
    ("jax", True, "--xla_cpu_use_thunk_runtime=true",
     f"--xla_cpu_use_thunk_runtime=true {_OPTION}=0"),
    ("jax", True, f"{_OPTION}=3", f"{_OPTION}=3"),  # the user's own choice stays
    ("jax", False, None, None),
    ("torch", True, None, None),
    ("tensorflow", True, "--xla_dump_to=/tmp/x", "--xla_dump_to=/tmp/x"),
])
def test_quick_report_compiles_jax_code_unoptimised(monkeypatch, backend, quick, before,
                                                    during):
    import argparse

    from keras_lectures.commands import report

    if before is None:
        monkeypatch.delenv("XLA_FLAGS", raising=False)
    else:
        monkeypatch.setenv("XLA_FLAGS", before)
    seen = []
    monkeypatch.setattr(report, "_backend", lambda: backend)
    monkeypatch.setattr(report, "_run", lambda args: seen.append(os.environ.get("XLA_FLAGS")))
    report.run(argparse.Namespace(quick=quick))
    assert seen == [during]
    assert os.environ.get("XLA_FLAGS") == before  # restored after the run


def test_side_by_side_lectures_start_with_the_largest(monkeypatch):
    import multiprocessing

    from keras_lectures.commands import report
    from keras_lectures.lectures import LECTURES

    started = []

    class Pool:
        def __init__(self, workers, initializer=None):
            pass

        def imap_unordered(self, function, jobs):
            started.extend(lecture_id for lecture_id, _, _ in jobs)
            return iter(())

        def terminate(self):
            pass

        def join(self):
            pass

    class Context:
        pass

    context = Context()
    context.Pool = Pool
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: context)
    lectures = list(LECTURES.values())
    data = {lecture.id: None for lecture in lectures}
    assert list(report._side_by_side(lectures, data, {}, 2)) == []
    assert started == list(LECTURES)[::-1]
    assert started[:3] == ["lstm", "convnet", "deep-net"]
