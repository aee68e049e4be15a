"""The lecture's numbers in the registry: quoted exactly, never a tolerance midpoint.

The values below are the slides' own (the lecture's chapters and numbers are
listed in ``docs/lectures.md``); the counts are measured on the networks the
slides draw, built and not trained.
"""

import json
from pathlib import Path

import pytest

from keras_lectures import cli
from keras_lectures.lectures import LECTURES, Figure, Quote, reproduce_lecture

REPORTS = Path(__file__).resolve().parents[1] / "reports"


def _figures(lecture_id):
    return {figure.name: figure for figure in LECTURES[lecture_id].figures}


def _quotes(lecture_id):
    return {quote.name: quote for quote in LECTURES[lecture_id].quotes}


def test_mnist_ladder_is_quoted_as_the_slide_states_it():
    quotes = _quotes("deep-net")
    ladder = {
        "MNIST test accuracy, 784-256-10 net": ("about 92 %", 0.92),
        "MNIST test accuracy, 5-layer MLP with ReLU": ("about 97 %", 0.97),
        "MNIST test accuracy, Xavier initialisation and dropout": ("about 99 %", 0.99),
        "MNIST test accuracy, the CNN": ('"100 %"', 1.0),
    }
    for name, (claim, value) in ladder.items():
        assert (quotes[name].claim, quotes[name].published) == (claim, value)
        assert "60,000 training images" in quotes[name].reason
        assert not quotes[name].measured


def test_mlp_cost_is_the_slides_formula():
    figures = _figures("deep-net")
    parameters = figures["parameters of the 784-256-10 net"]
    assert parameters.published == 203_530 == 256 * (28 * 28 + 1) + 10 * (256 + 1)
    assert (parameters.low, parameters.high) == (203_530, 203_530)
    memory = figures["memory of the 784-256-10 net, the slide's formula (bytes)"]
    assert memory.published == 805_992 == (784 + 784 * 256 + 10) * 4
    assert "805,992" in memory.claim and '"804k"' in memory.claim


def test_cnn_table_quotes_the_slide_and_its_corrections():
    quotes = _quotes("convnet")
    slide = {
        "conv-64 weights": (576, 18_432),
        "conv-128 weights": (1_152, 73_728),
        "FC weights after the last pooling": (4_194_304, 1_280_000),
        "output layer weights": (20_480, 6_250),
        "parameters in total": (4_216_800, 1_379_557),
    }
    for name, (published, corrected) in slide.items():
        assert (quotes[name].published, quotes[name].corrected) == (published, corrected)
        assert quotes[name].measured
    # the slide's total is the sum of its own (wrong) entries
    assert 288 + 576 + 1_152 + 4_194_304 + 20_480 == 4_216_800
    assert _figures("convnet")["conv-32 weights"].published == 288 == 3 * 3 * 1 * 32
    activations = quotes["activation memory per image (bytes)"]
    assert activations.published == 227_176 == 56_794 * 4
    times = {
        "training time, Intel i7-4790K (34 GFLOPS)": ("105 min 31 s", 105 * 60 + 31),
        "training time, GTX-745": ("22 min 4 s (4.78×)", 22 * 60 + 4),
        "training time, GTX-970": ("9 min 10 s (11.5×)", 9 * 60 + 10),
        "training time, GTX-1080": ("5 min 27 s (19.3×)", 5 * 60 + 27),
    }
    for name, (claim, seconds) in times.items():
        assert (quotes[name].claim, quotes[name].published) == (claim, seconds)
        assert quotes[name].corrected is None and not quotes[name].measured


def test_output_size_example():
    for kind in ("convolution", "max pooling", "average pooling"):
        figure = _figures("convnet")[f"output size, 3x3 {kind} on 5x5, stride 1"]
        assert figure.published == 3 == (5 - 3) / 1 + 1
        assert "o = (i − f)/s + 1" in figure.claim


def test_lstm_rmse_is_quoted_and_not_called_comparable():
    quote = _quotes("lstm")["test RMSE on the min-max-scaled Close after 500 steps"]
    assert (quote.claim, quote.published) == ("RMSE 0.0243", 0.0243)
    assert quote.measured and quote.corrected is None
    assert quote.reason.startswith("not comparable one to one")


def test_claims_are_stated_never_midpoints():
    for lecture in LECTURES.values():
        for figure in lecture.figures:
            assert isinstance(figure, Figure)
            if figure.published is None:
                continue
            # a stated number is inside its interval and written in the claim
            assert figure.low <= figure.published <= figure.high, figure.name
            assert f"{figure.published:,.10g}" in figure.claim, figure.name
    xor = _figures("xor-mlp")
    logistic = xor["logistic regression accuracy (a line separates at most 3 of 4)"]
    assert logistic.published is None and (logistic.low, logistic.high) == (0.0, 0.75)
    assert logistic.claim == "XOR cannot be separated by one line"
    assert "ours" in logistic.source
    digits = _figures("digits-mlp")["training accuracy of the 64-25-10 MLP (at least 0.95)"]
    assert digits.published is None and (digits.low, digits.high) == (0.95, 1.0)
    assert "ours" in digits.source and "our bar" in digits.claim


def test_figure_interval_checks():
    figure = Figure("accuracy", "at least 0.95", None, 0.95, 1.0, "ours")
    assert figure.holds(0.95) and figure.holds(1.0) and not figure.holds(0.949)
    assert figure.interval == "[0.95, 1]"
    assert Figure("count", "203,530", 203530, 203530, 203530, "slide").interval == "= 203,530"
    with pytest.raises(ValueError, match="low 1 > high 0"):
        Figure("bad", "x", None, 1, 0, "ours")


def test_no_lecture_credits_its_numbers_to_the_wrong_model():
    assert "92 %" not in LECTURES["softmax"].teaches.split("(")[0]
    assert "94 %" not in LECTURES["deep-net"].teaches
    assert "share weights" not in LECTURES["convnet"].teaches
    assert "pooling (no weights)" in LECTURES["convnet"].teaches
    assert isinstance(LECTURES["lstm"].quotes[0], Quote)


def test_measured_counts_of_the_drawn_networks():
    """describe_layers on the untrained networks: 203,530 and 1,379,557 parameters."""
    deep = reproduce_lecture("deep-net", missing="skip")
    assert [row["measured"] for row in deep["figures"]] == [203_530, 805_992]
    assert all(row["passed"] for row in deep["figures"])
    assert all(row["measured"] is None for row in deep["quotes"])
    conv = reproduce_lecture("convnet", missing="skip")
    assert [row["measured"] for row in conv["figures"]] == [3, 3, 3, 288]
    assert all(row["passed"] for row in conv["figures"])
    counts = {row["name"]: row["measured"] for row in conv["quotes"]}
    assert counts["parameters in total"] == 1_379_557
    assert counts["conv-64 weights"] == 18_432 and counts["conv-128 weights"] == 73_728
    assert counts["FC weights after the last pooling"] == 1_280_000
    assert counts["activation memory per image (bytes)"] == 56_779 * 4
    assert counts["training time, GTX-1080"] is None
    assert all(row["corrected_measured"] for row in conv["quotes"]
               if row["corrected"] is not None)


@pytest.mark.slow
def test_reproduce_command_lists_the_slides_numbers(tmp_path, capsys):
    assert cli.main(["reproduce", "deep-net", "convnet", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert ("6 of 6 checked figures reproduced, 5 of 5 slide corrections confirmed, "
            "14 numbers quoted from the slides") in out.out
    assert "parameters in total: the slide says 4,216,800; corrected 1,379,557, " \
           "measured 1,379,557" in out.err
    md = (tmp_path / "REPRODUCTION.md").read_text()
    for row in (
        "| deep-net | none | parameters of the 784-256-10 net | \\[256, 28×28+1\\] + "
        "\\[10, 256+1\\] = 203,530 | = 203,530 | 203,530 |",
        "| deep-net | MNIST test accuracy, 784-256-10 net | about 92 % | – | – |",
        "| convnet | parameters in total | 4,216,800 | 1,379,557 | 1,379,557 |",
        "| convnet | training time, GTX-1080 | 5 min 27 s (19.3×) | – | – |",
    ):
        assert row in md
    data = json.loads((tmp_path / "REPRODUCTION.json").read_text())
    assert data["corrections_confirmed"] == data["corrections"] == 5


def test_committed_reproduction_table_lists_the_slides_numbers():
    text = (REPORTS / "REPRODUCTION.md").read_text()
    for number in ("203,530", "805,992", "4,216,800", "1,379,557", "about 92 %",
                   "about 97 %", "about 99 %", '"100 %"', "RMSE 0.0243", "105 min 31 s",
                   "o = (i − f)/s + 1"):
        assert number in text, number
    # no tolerance midpoint is shown as a claim
    assert "0.9750" not in text and "| 0.5000 | 0.5000 |" not in text
    data = json.loads((REPORTS / "REPRODUCTION.json").read_text())
    assert data["passed"] == data["total"]
    assert data["corrections_confirmed"] == data["corrections"] == 5
