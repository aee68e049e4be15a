"""``keras-lectures datasets [list|verify|fetch] [NAME ...]``.

``list`` shows each dataset, its files and whether they are on disk (and
where); ``verify`` also checks every file's SHA-256 and fails on a mismatch;
``fetch`` downloads the named datasets (all downloadable ones by default).
"""

from keras_lectures.commands._common import CommandError, UsageError, format_table, progress

__all__ = ["run"]


def _names(datasets, requested):
    unknown = [name for name in requested if name not in datasets.DATASETS]
    if unknown:
        raise UsageError(
            f"unknown dataset {unknown[0]!r}; choose one of: {', '.join(datasets.DATASETS)}"
        )
    return list(requested) or list(datasets.DATASETS)


def _state(status):
    if not status.present:
        return "missing"
    if status.verified:
        return "ok"
    return "CHECKSUM MISMATCH"


def _rows(datasets, names, data_home):
    rows, statuses = [], []
    for name in names:
        info = datasets.DATASETS[name]
        files = datasets.dataset_status(name, data_home)
        if not files:
            rows.append((name, info.source, "–", "ready (no file needed)", ""))
            continue
        for status in files:
            statuses.append(status)
            label = status.filename + (" (alternative)" if status.alternative else "")
            state = _state(status)
            where = status.path if status.present else f"expected at {status.path}"
            rows.append((name, info.source, label, state, where))
    return rows, statuses


def run(args):
    import keras_lectures.datasets as datasets

    data_home = getattr(args, "data_home", None)
    names = _names(datasets, args.names)
    home = datasets.get_data_home(data_home)

    if args.action == "fetch":
        wanted = [n for n in names if datasets.DATASETS[n].files]
        failures = []
        for k, name in enumerate(wanted, 1):
            progress(f"[dataset {k}/{len(wanted)}] {name}")
            try:
                paths = datasets.fetch(name, data_home)
            except (datasets.ChecksumError, datasets.DatasetNotFoundError) as exc:
                failures.append((name, exc))
                if len(wanted) > 1:
                    progress(f"  failed: {' '.join(str(exc).split())}")
                continue
            for path in paths:
                print(f"{name}: {path} (sha256 ok)")
        if failures:
            name, exc = failures[0]
            more = f" (and {len(failures) - 1} more failed)" if len(failures) > 1 else ""
            raise CommandError(f"could not fetch {name!r}{more}: {' '.join(str(exc).split())}")
        return 0

    print(f"data folder: {home}")
    rows, statuses = _rows(datasets, names, data_home)
    print(format_table(("dataset", "source", "file", "state", "where"), rows))
    if args.action == "verify":
        bad = [s for s in statuses if s.present and not s.verified]
        if bad:
            first = bad[0]
            raise CommandError(
                f"{len(bad)} file(s) fail the checksum, e.g. {first.path}: expected sha256 "
                f"{first.sha256}, got {first.actual_sha256}; delete it and run "
                f"'keras-lectures datasets fetch {first.dataset}'"
            )
        requested_missing = [
            s for s in statuses if args.names and not s.present and not s.alternative
        ]
        if requested_missing:
            first = requested_missing[0]
            raise CommandError(
                f"{first.filename} of {first.dataset!r} is missing: put it at {first.path} "
                f"or run 'keras-lectures datasets fetch {first.dataset}'"
            )
        present = sum(s.present for s in statuses)
        print(f"{present} file(s) present, all with the published sha256")
    return 0
