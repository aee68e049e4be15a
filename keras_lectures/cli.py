"""The ``keras-lectures`` command: parsing and dispatch only.

Each subcommand's work lives in :mod:`keras_lectures.commands`; those modules
are imported only when their command runs, so ``import keras_lectures.cli`` and
``keras-lectures --help`` never import Keras or a backend.

Exit codes: 0 success, 1 failure (missing data, missing backend, failed
fit, ...), 2 usage error (unknown command, lecture, dataset or backend name),
130 interrupted. Errors are one line on stderr; ``--debug`` shows tracebacks.
"""

import argparse
import importlib
import os
import sys

from keras_lectures.backend import BACKENDS

PROG = "keras-lectures"

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class _CommandParser(_Parser):
    """A subcommand's parser: options may come between positional arguments."""

    _parsing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._parsing:  # Python < 3.12 re-enters here from the intermixed parse
            return super().parse_known_args(args, namespace)
        self._parsing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._parsing = False


def _int_at_least(lowest, what):
    """An argparse type: an integer of at least ``lowest``."""

    def convert(text):
        value = int(text)  # a ValueError reads "invalid int value: TEXT"
        if value < lowest:
            raise argparse.ArgumentTypeError(f"{what}, got {value}")
        return value

    convert.__name__ = "int"
    return convert


_EPOCHS = _int_at_least(1, "epochs must be at least 1")
_SEED = _int_at_least(0, "the seed must be 0 or more")


def _n_jobs(text):
    value = int(text)
    if value == 0:
        raise argparse.ArgumentTypeError(
            "0 jobs cannot run: give 1 or more, or -1 for every core"
        )
    return value


_n_jobs.__name__ = "int"


def _global_options(parser, suppress):
    """Options accepted both before and after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--backend",
        metavar="NAME",
        default=default,
        help=f"Keras backend for this run: {', '.join(BACKENDS)} "
        "(default: KERAS_BACKEND, keras.json, else the first installed)",
    )
    parser.add_argument(
        "--data-home",
        metavar="DIR",
        default=default,
        help="folder holding the lecture data files "
        "(default: KERAS_LECTURES_DATA, else $KERAS_HOME/datasets)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="show full tracebacks on errors",
    )


def _lecture_data_options(parser):
    parser.add_argument(
        "--quick",
        action="store_true",
        help="embedded datasets only (no files, no network), few epochs",
    )
    parser.add_argument(
        "--allow-fallback",
        action="store_true",
        help="use the embedded dataset when a lecture's data file is missing",
    )
    parser.add_argument(
        "--seed", type=_SEED, default=0, metavar="N", help="random seed (default: 0)"
    )


def build_parser():
    """Build the argument parser (importing nothing heavy)."""
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)

    parser = _Parser(
        prog=PROG,
        description="Lecture models from linear regression to LSTMs as "
        "scikit-learn estimators on Keras 3: list, fit, report, reproduce.",
        epilog="Quick start on a fresh machine (no data files, no network): "
        f"'{PROG} report --quick' writes reports/index.html.",
    )
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_CommandParser
    )
    sub.required = True
    for add_command in _COMMANDS:
        add_command(sub, common)
    return parser


def _add_list(sub, common):
    p = sub.add_parser(
        "list", parents=[common], help="the lectures, their models, data and the lecture's numbers"
    )
    p.set_defaults(module="list_lectures")


def _add_fit(sub, common):
    p = sub.add_parser(
        "fit", parents=[common], help="train one lecture model and print its scores"
    )
    p.add_argument("lecture", metavar="LECTURE", help="lecture id (see 'list')")
    p.add_argument(
        "--dataset", metavar="NAME", help="dataset to train on (default: the lecture's)"
    )
    p.add_argument("--epochs", type=_EPOCHS, metavar="N", help="training epochs")
    _lecture_data_options(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(module="fit")


def _add_report(sub, common):
    p = sub.add_parser(
        "report", parents=[common], help="learning-curve reports for lectures"
    )
    p.add_argument(
        "lectures", nargs="*", metavar="LECTURE", help="lecture ids (default: all)"
    )
    _lecture_data_options(p)
    p.add_argument(
        "--output", "-o", default="reports", metavar="DIR",
        help="report folder (default: ./reports)",
    )
    p.add_argument(
        "--n-jobs", type=_n_jobs, default=None, metavar="N",
        help="lectures side by side in N processes (default: the machine's cores); "
             "with one lecture, parallel fits for its curves (default: 1)",
    )
    p.add_argument("--epochs", type=_EPOCHS, metavar="N", help="override the training epochs")
    p.set_defaults(module="report")


def _add_reproduce(sub, common):
    p = sub.add_parser(
        "reproduce", parents=[common],
        help="measure each lecture's numbers and compare them with what the lecture states",
    )
    p.add_argument(
        "lectures", nargs="*", metavar="LECTURE", help="lecture ids (default: all)"
    )
    p.add_argument(
        "--output", "-o", default="reports", metavar="DIR",
        help="folder for REPRODUCTION.md and .json (default: ./reports)",
    )
    p.add_argument(
        "--seed", type=_SEED, default=0, metavar="N", help="random seed (default: 0)"
    )
    p.set_defaults(module="reproduce")


def _add_backends(sub, common):
    p = sub.add_parser(
        "backends", parents=[common], help="installed Keras backends and their versions"
    )
    p.add_argument(
        "--compare", metavar="LECTURE",
        help="fit LECTURE under each installed backend (one process each)",
    )
    p.add_argument(
        "--full", action="store_true",
        help="with --compare: the lecture data and epochs, not the quick run",
    )
    p.add_argument(
        "--seed", type=_SEED, default=0, metavar="N", help="random seed (default: 0)"
    )
    p.set_defaults(module="backends")


def _add_datasets(sub, common):
    p = sub.add_parser(
        "datasets", parents=[common], help="the lecture data files: list, verify, fetch"
    )
    p.add_argument(
        "action", nargs="?", default="list", choices=("list", "verify", "fetch"),
        help="list (default): what is cached where; verify: checksums; fetch: download",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="datasets (default: all)")
    p.set_defaults(module="datasets")


# the commands in the order 'keras-lectures --help' lists them
_COMMANDS = (_add_list, _add_fit, _add_report, _add_reproduce, _add_backends, _add_datasets)


def _select_backend(name):
    from keras_lectures import backend
    from keras_lectures.commands._common import CommandError, UsageError

    try:
        backend.use(name)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except (ImportError, RuntimeError) as exc:
        raise CommandError(str(exc)) from exc


def _one_line(exc):
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def main(argv=None):
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # TensorFlow's C++ start-up notes would drown the progress lines
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    debug = getattr(args, "debug", False)
    from keras_lectures import _interrupt
    from keras_lectures.commands._common import CommandError

    restore_sigint = _interrupt.install()
    try:
        if getattr(args, "backend", None):
            _select_backend(args.backend)
        module = importlib.import_module(f"keras_lectures.commands.{args.module}")
        code = module.run(args) or 0
        _interrupt.check()  # an interrupt swallowed on the way still ends in 130
        return code
    except KeyboardInterrupt:
        if debug:
            raise
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except CommandError as exc:
        if debug:
            raise
        if _interrupt.interrupted():  # an error the interrupt caused
            print(f"{PROG}: interrupted", file=sys.stderr)
            return 130
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # anything unexpected: one line unless --debug
        if debug:
            raise
        if _interrupt.interrupted():
            print(f"{PROG}: interrupted", file=sys.stderr)
            return 130
        print(
            f"{PROG}: error: {type(exc).__name__}: {_one_line(exc)} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    finally:
        restore_sigint()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
