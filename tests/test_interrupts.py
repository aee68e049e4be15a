"""Ctrl-C during ``keras-lectures report``, and what killed runs leave behind.

Each interrupt test sends the command a real SIGINT at one moment: while
loading data, inside a cross-validation fit whose error handling turns the
interrupt into an ordinary error (as an error raised in a callback from
compiled backend code comes back), inside a garbage-collection callback
(which swallows it, as jax's does), while writing (these in this process,
which is cheap), and from outside while training, to a ``keras-lectures``
process as a terminal does (sent when the process says it is inside its
second fit, where it waits for the signal). Every time the command must exit with code 130
and leave the previous report exactly as it was. The command's other checks
(output folder, numbers, leftovers of killed runs) must happen before any
training.
"""

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from keras_lectures import cli

REPO = Path(__file__).resolve().parents[1]
LECTURE = "linear-regression"

def run_env():
    return dict(os.environ, KERAS_MAX_EPOCHS="1", MPLBACKEND="Agg",
                TF_CPP_MIN_LOG_LEVEL="2")


def previous_report(folder):
    """A report folder as an earlier run left it; returns its files' bytes."""
    (folder / LECTURE).mkdir(parents=True)
    (folder / "index.html").write_text("<p>previous index</p>")
    (folder / LECTURE / "index.html").write_text("<p>previous report</p>")
    (folder / LECTURE / "summary.json").write_text('{"previous": true}')
    return snapshot(folder)


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_interrupted(done, folder, before):
    assert done.returncode == 130, done.stderr[-3000:]
    assert done.stderr.rstrip().endswith("keras-lectures: interrupted"), done.stderr[-3000:]
    assert "fits failed" not in done.stderr and "Traceback" not in done.stderr.split(
        "Exception ignored")[0]
    assert snapshot(folder) == before
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def interrupt():
    """Send this process a real SIGINT; its handler raises here."""
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(30)
    raise AssertionError("SIGINT did not interrupt")


def first_call_only(action):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            action()

    return wrapper


@pytest.fixture
def one_epoch():
    import keras

    keras.config.set_max_epochs(1)
    yield
    keras.config.set_max_epochs(None)


def arrange(moment, monkeypatch, swallowed):
    """Arrange a real SIGINT at ``moment`` of the coming report run."""
    if moment == "load":
        import keras_lectures.lectures as lectures

        monkeypatch.setattr(lectures, "load_lecture_data", lambda *a, **k: interrupt())
    elif moment in ("fit error", "gc callback"):
        from keras_lectures.estimators.base import BaseKerasEstimator

        def converted():  # what a backend's wrapper around a callback does
            try:
                interrupt()
            except BaseException as exc:
                raise RuntimeError("error in a backend callback") from exc

        def in_gc_callback():  # jax runs Python code from gc callbacks
            def callback(phase, info):
                if phase == "start":
                    gc.callbacks.remove(callback)
                    interrupt()

            gc.callbacks.append(callback)
            gc.collect()

        trouble = first_call_only(converted if moment == "fit error" else in_gc_callback)
        real_new_model = BaseKerasEstimator._new_model

        def new_model(self, *args, **kwargs):  # inside every fit, on every backend
            trouble()
            return real_new_model(self, *args, **kwargs)

        monkeypatch.setattr(BaseKerasEstimator, "_new_model", new_model)
        monkeypatch.setattr(sys, "unraisablehook", swallowed.append)
    elif moment == "write":
        import keras_lectures.reports.render as render
        import keras_lectures.reports.run as run

        # no learning curve: straight to the epoch curve and the final fit
        monkeypatch.setattr(run, "MIN_EXAMPLES_FOR_CURVE", 10**9)
        monkeypatch.setattr(render, "save_png", first_call_only(interrupt))


@pytest.mark.parametrize("moment", ["load", "fit error", "gc callback", "write"])
def test_sigint_at_any_moment_exits_130_and_keeps_the_report(
    tmp_path, moment, monkeypatch, capsys, one_epoch
):
    output = tmp_path / "reports"
    before = previous_report(output)
    swallowed = []
    arrange(moment, monkeypatch, swallowed)
    handler = signal.getsignal(signal.SIGINT)
    code = cli.main(["report", LECTURE, "--quick", "--output", str(output)])
    err = capsys.readouterr().err
    done = subprocess.CompletedProcess([], code, "", err)
    assert_interrupted(done, output, before)
    assert signal.getsignal(signal.SIGINT) is handler
    if moment == "gc callback":  # swallowed there, recorded, and not printed
        assert swallowed == []
        assert "Exception ignored" not in err
    if moment == "write":  # the run got that far
        assert "final fit and scores" in err


#: ``python -m keras_lectures ...`` that announces the second fit of the
#: cross-validation on stderr and waits inside it: the signal is sent on that
#: line, so it always lands in a running fit, however fast or loaded the machine.
IN_SECOND_FIT = "[test] inside the second fit"
WAIT_IN_SECOND_FIT = f"""
import runpy, sys, time
from keras_lectures.estimators.base import BaseKerasEstimator

new_model, calls = BaseKerasEstimator._new_model, []

def waiting_new_model(self, *args, **kwargs):  # called inside every fit
    calls.append(1)
    if len(calls) == 2:
        print({IN_SECOND_FIT!r}, file=sys.stderr, flush=True)
        time.sleep(120)
        raise AssertionError("no SIGINT came")
    return new_model(self, *args, **kwargs)

BaseKerasEstimator._new_model = waiting_new_model
sys.argv[0] = "keras-lectures"
runpy.run_module("keras_lectures", run_name="__main__", alter_sys=True)
"""


def test_sigint_from_outside_during_cross_validation(tmp_path):
    output = tmp_path / "reports"
    before = previous_report(output)
    process = subprocess.Popen(
        [sys.executable, "-c", WAIT_IN_SECOND_FIT, "report", LECTURE, "--quick",
         "--output", str(output)],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=run_env(), cwd=REPO,
    )
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if IN_SECOND_FIT in line:
                process.send_signal(signal.SIGINT)
                break
        rest = process.stderr.read()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    done = subprocess.CompletedProcess(process.args, process.returncode, "",
                                       "".join(lines) + rest)
    # the first fit of the curve had finished: the signal came inside the second
    assert "1/6 fits" in done.stderr.split(IN_SECOND_FIT)[0], done.stderr[-3000:]
    assert_interrupted(done, output, before)


# ------------------------------------------------------- before any training


@pytest.fixture
def no_training(monkeypatch):
    """Make the report fail the test if it gets as far as training."""
    import keras_lectures.reports.run as run

    def run_lecture(*args, **kwargs):
        raise AssertionError("the report started training")

    monkeypatch.setattr(run, "run_lecture", run_lecture)


@pytest.mark.parametrize("command, argv, message", [
    (command, ["--epochs", "-3"], "argument --epochs: epochs must be at least 1, got -3")
    for command in ("report", "fit")
] + [
    ("report", ["--epochs", "0"], "argument --epochs: epochs must be at least 1, got 0"),
    ("report", ["--n-jobs", "0"], "argument --n-jobs: 0 jobs cannot run"),
    ("report", ["--seed", "-1"], "argument --seed: the seed must be 0 or more, got -1"),
    ("fit", ["--seed", "-1"], "argument --seed: the seed must be 0 or more, got -1"),
])
def test_numbers_are_checked_like_fit(command, argv, message, capsys, no_training):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, LECTURE, "--quick", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_output_that_is_a_file_fails_before_training(tmp_path, capsys, no_training):
    a_file = tmp_path / "reports"
    a_file.write_text("not a folder")
    assert cli.main(["report", LECTURE, "--quick", "--output", str(a_file)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write the report to --output {a_file}: it is a file, not a folder" in err
    assert cli.main(["report", LECTURE, "--quick", "--output", str(a_file / "sub")]) == 1
    assert f"{a_file} is a file, not a folder" in capsys.readouterr().err
    assert a_file.read_text() == "not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not bind the superuser")
def test_read_only_output_fails_before_training(tmp_path, capsys, no_training):
    output = tmp_path / "reports"
    output.mkdir()
    output.chmod(0o555)
    try:
        assert cli.main(["report", LECTURE, "--quick", "--output", str(output)]) == 1
        assert "Permission denied" in capsys.readouterr().err
        code = cli.main(["report", LECTURE, "--quick", "--output", str(output / "new")])
        assert code == 1 and "Permission denied" in capsys.readouterr().err
    finally:
        output.chmod(0o755)
    assert not (output / "new").exists()


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_killed_runs_are_removed_before_training(tmp_path, capsys, monkeypatch):
    import keras_lectures.reports.run as run

    output = tmp_path / "reports"
    before = previous_report(output)
    dead, alive = dead_pid(), os.getppid()
    leftovers = [output / f".{LECTURE}.tmp-{dead}-abc123", output / f".xor-mlp.tmp-{dead}-x_1"]
    for folder in leftovers:
        folder.mkdir()
        (folder / "index.html").write_text("half written")
    stray_file = output / f".index.html.tmp-{dead}-q9"
    stray_file.write_text("half")
    running = output / f".{LECTURE}.tmp-{alive}-zz"
    running.mkdir()
    unknown_recent = output / f".{LECTURE}.tmp-oldstyle"
    unknown_recent.mkdir()
    unknown_old = output / ".xor-mlp.tmp-ancient"
    unknown_old.mkdir()
    os.utime(unknown_old, (time.time() - 7200, time.time() - 7200))

    def run_lecture(*args, **kwargs):
        raise KeyboardInterrupt  # stop at the first training step

    monkeypatch.setattr(run, "run_lecture", run_lecture)
    assert cli.main(["report", LECTURE, "--quick", "--output", str(output)]) == 130
    hidden = sorted(p.name for p in output.iterdir() if p.name.startswith("."))
    assert hidden == sorted([running.name, unknown_recent.name])
    assert snapshot(output) == before


def test_folder_renamed_aside_by_a_killed_swap_is_put_back(tmp_path):
    from keras_lectures.reports.atomic import remove_stale_temporaries

    output = tmp_path / "reports"
    output.mkdir()
    aside = output / f".{LECTURE}.old-k2j3"
    aside.mkdir()
    (aside / "index.html").write_text("previous")
    remove_stale_temporaries(output)
    assert (output / LECTURE / "index.html").read_text() == "previous"
    assert [p.name for p in output.iterdir()] == [LECTURE]


def _raise_in_gc_callback(action):
    def callback(phase, info):
        if phase == "start":
            gc.callbacks.remove(callback)
            action()

    gc.callbacks.append(callback)
    gc.collect()


def test_interrupt_swallowed_by_gc_is_recorded_not_printed(monkeypatch):
    from keras_lectures import _interrupt

    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    restore = _interrupt.install()
    try:
        _raise_in_gc_callback(lambda: os.kill(os.getpid(), signal.SIGINT))
        assert _interrupt.interrupted()
        with pytest.raises(KeyboardInterrupt):
            _interrupt.check()

        def other_error():
            raise RuntimeError("not an interrupt")

        _raise_in_gc_callback(other_error)  # other unraisables still reach the hook
    finally:
        restore()
    assert [type(u.exc_value) for u in seen] == [RuntimeError]
    assert sys.unraisablehook == seen.append

