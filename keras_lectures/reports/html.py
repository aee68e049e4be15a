"""HTML for the report pages: self-contained, escaped, no scripts or fonts.

Every piece of text that comes from data goes through :func:`html.escape`;
images are relative links to PNG files beside the page.
"""

import html
import math
from urllib.parse import quote

__all__ = ["lecture_page", "index_page", "format_number"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
figure { display: inline-block; margin: 0.5em 1em 1em 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #555; }
.verdict { font-weight: bold; }
.pass { color: #176117; } .miss { color: #a11; }
.muted { color: #666; font-size: 0.9em; }
nav { margin-bottom: 1em; }
"""


def _e(value):
    return html.escape("" if value is None else str(value), quote=True)


def format_number(value, digits=4):
    """Format a number for a table cell; ``None``/NaN as an en dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return "–"
    if number != 0 and (abs(number) >= 1e5 or abs(number) < 10 ** -digits):
        return f"{number:.{digits - 1}e}"
    return f"{number:.{digits}f}"


def _page(title, body):
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _table(headers, rows, numeric=()):
    out = ["<table>", "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i in numeric:
                cells.append(f'<td class="num">{_e(format_number(cell))}</td>')
            else:
                cells.append(f"<td>{_e(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _key_values(mapping):
    rows = [(k, _flat(v)) for k, v in mapping.items()]
    return _table(("name", "value"), rows)


def _flat(value):
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_flat(v)}" for k, v in value.items())
    return "–" if value is None else str(value)


def _img(file, alt):
    return f'<img src="{_e(quote(file))}" alt="{_e(alt)}">'


def _diagnosis_html(diagnosis):
    if not diagnosis:
        return "<p class=\"muted\">No diagnosis.</p>"
    parts = []
    verdict = diagnosis.get("verdict")
    text = diagnosis.get("text")
    flat_text = " ".join(str(text or "").split())
    if verdict and not flat_text.lower().startswith("verdict"):
        parts.append(f'<p><span class="verdict">Verdict: {_e(verdict)}.</span></p>')
    if text:
        for paragraph in str(text).split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if paragraph:
                if verdict and paragraph.lower().startswith(f"verdict: {verdict.lower()}"):
                    head = paragraph[: len("verdict: ") + len(verdict)]
                    rest = paragraph[len(head):]
                    parts.append(f'<p><span class="verdict">{_e(head)}</span>{_e(rest)}</p>')
                else:
                    parts.append(f"<p>{_e(paragraph)}</p>")
    advice = diagnosis.get("advice") or []
    if isinstance(advice, str):
        advice = [advice]
    # advice already spelled out in the paragraph is not repeated
    advice = [a for a in advice if " ".join(str(a).split()) not in flat_text]
    if advice:
        parts.append("<p>Advice:</p><ul>" + "".join(f"<li>{_e(a)}</li>" for a in advice) + "</ul>")
    numbers = diagnosis.get("numbers") or {}
    if numbers:
        parts.append(_table(("measure", "value"), list(numbers.items()), numeric=(1,)))
    return "\n".join(parts)


def _header_html(s):
    parts = ['<nav><a href="../index.html">← all lectures</a> · '
             '<a href="summary.json">summary.json</a></nav>',
             f"<h1>{_e(s['title'])}</h1>",
             f'<p class="muted">Lecture <code>{_e(s["lecture_id"])}</code> · {_e(s["task"])} · '
             f'model <code>{_e(s["estimator"])}</code> · data <code>{_e(s["dataset"])}</code></p>']
    if s.get("teaches"):
        parts.append(f"<p>{_e(s['teaches'])}</p>")
    parts += [f'<p class="muted">Note: {_e(note)}</p>' for note in s.get("notes") or []]
    return parts


def _scores_html(s):
    scores = s.get("scores") or {}
    return ["<h2>Scores</h2>",
            _table(("split", s.get("score_name") or "score"), list(scores.items()),
                   numeric=(1,))]


def _figures_html(s):
    parts = ["<h2>Figures</h2>"]
    for picture in s.get("images") or []:
        parts.append(
            f"<figure>{_img(picture['file'], picture['caption'])}"
            f"<figcaption>{_e(picture['caption'])}</figcaption></figure>"
        )
    return parts


def _learning_curve_html(lc):
    if not lc:
        return []
    rows = zip(lc["train_sizes"], lc["train_error_mean"], lc["train_error_std"],
               lc["validation_error_mean"], lc["validation_error_std"])
    name = lc.get("error_name") or "error"
    return ["<h2>Learning curve numbers</h2>",
            _table(("training-set size", f"training {name}", "± std",
                    f"validation {name}", "± std"), rows, numeric=(0, 1, 2, 3, 4))]


def _epoch_curve_html(ec):
    if not (ec and ec.get("loss")):
        return []
    val = ec.get("validation_loss")
    first_last = [("first (epoch %s)" % ec["epochs"][0], ec["loss"][0],
                   val[0] if val else None),
                  ("last (epoch %s)" % ec["epochs"][-1], ec["loss"][-1],
                   val[-1] if val else None)]
    loss_name = ec.get("loss_name", "loss")
    return ["<h2>Loss per epoch</h2>",
            _table(("epoch", f"training {loss_name}", f"validation {loss_name}"),
                   first_last, numeric=(1, 2))]


def _published_html(published):
    if not published:
        return []
    return ["<h2>The lecture's numbers, checked by <code>keras-lectures "
            "reproduce</code></h2>",
            _table(("figure", "the lecture says", "checked interval", "source"),
                   [(f.get("name"), f.get("claim"), f.get("interval"), f.get("source"))
                    for f in published])]


def _quoted_html(quoted):
    if not quoted:
        return []
    return ["<h2>Quoted from the slides, not checked here</h2>",
            _table(("number", "the slide says", "corrected", "why", "source"),
                   [(q.get("name"), q.get("claim"),
                     "–" if q.get("corrected") is None else f"{q['corrected']:,.0f}",
                     q.get("reason"), q.get("source"))
                    for q in quoted])]


def _run_html(s):
    """Settings, times and environment of the run."""
    settings = dict(s.get("settings") or {})
    settings.setdefault("seed", s.get("seed"))
    env = {"backend": s.get("backend")}
    env.update(s.get("versions") or {})
    parts = ["<h2>Settings</h2>", _key_values(settings),
             "<h2>Times (seconds)</h2>",
             _table(("step", "seconds"), list((s.get("times") or {}).items()), numeric=(1,)),
             "<h2>Environment</h2>", _key_values(env)]
    if s.get("created"):
        parts.append(f'<p class="muted">Created {_e(s["created"])}.</p>')
    return parts


def lecture_page(summary):
    """The ``index.html`` of one lecture folder, from its ``summary.json`` data."""
    s = summary
    body = [*_header_html(s), *_scores_html(s),
            "<h2>Diagnosis</h2>", _diagnosis_html(s.get("diagnosis")),
            *_figures_html(s), *_learning_curve_html(s.get("learning_curve")),
            *_epoch_curve_html(s.get("epoch_curve")),
            *_published_html(s.get("published_figures")),
            *_quoted_html(s.get("quoted_numbers")), *_run_html(s)]
    return _page(f"{s['title']} ({s['lecture_id']})", "\n".join(body))


def index_page(summaries, *, title="keras-lectures reports"):
    """The top ``index.html``: one row per lecture report, linking to it."""
    body = [f"<h1>{_e(title)}</h1>"]
    if not summaries:
        body.append("<p>No lecture reports yet. Run <code>keras-lectures report --quick</code>.</p>")
        return _page(title, "\n".join(body))
    rows = []
    for s in summaries:
        lecture_id = s["lecture_id"]
        scores = s.get("scores") or {}
        diagnosis = s.get("diagnosis") or {}
        total = (s.get("times") or {}).get("total")
        link = f'<a href="{_e(quote(lecture_id))}/index.html">{_e(lecture_id)}</a>'
        cells = [
            link,
            _e(s.get("title")),
            _e(s.get("dataset")),
            _e(s.get("score_name")),
            f'<td class="num">{_e(format_number(scores.get("train")))}</td>',
            f'<td class="num">{_e(format_number(scores.get("validation")))}</td>',
            f'<td class="num">{_e(format_number(scores.get("test")))}</td>',
            _e(diagnosis.get("verdict") or "–"),
            f'<td class="num">{_e(format_number(total, 1))}</td>',
            _e(s.get("backend")),
            _e((s.get("created") or "")[:16].replace("T", " ")),
        ]
        rows.append("<tr>" + "".join(
            c if c.startswith("<td") else f"<td>{c}</td>" for c in cells) + "</tr>")
    headers = ("lecture", "title", "data", "score", "train", "validation", "test",
               "diagnosis", "time (s)", "backend", "created")
    body.append("<table>\n<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers)
                + "</tr>\n" + "\n".join(rows) + "\n</table>")
    body.append('<p class="muted">Each lecture folder holds its figures, an '
                "<code>index.html</code> and a <code>summary.json</code> with every number.</p>")
    return _page(title, "\n".join(body))
