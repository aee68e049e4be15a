"""What ``keras-lectures report --quick`` shows, lecture by lecture (seed 0).

The lectures, the figure files of each page in order, the diagnosis verdict
(the same on every backend) and the test score on each backend, as the
report produced them before its speed work. Work that makes the report faster
must not change what it shows: ``tests/test_report_contents.py`` and
``tests/test_cli_report.py`` compare reports with this list. Test scores
agree within ``SCORE_TOLERANCE`` (a few test examples; float32 arithmetic
differs between backends and CPUs).
"""

CURVES = ["learning_curve.png", "epoch_curve.png"]

#: lecture id -> (picture kinds, verdict, test score per backend)
EXPECTED = {
    "linear-regression": (["fitted_line", "cost_contour", "cost_history"], "high bias",
                          {"jax": 0.1963, "torch": 0.1963, "tensorflow": 0.1963}),
    "multivariate-regression": (["learning_rates", "predicted_vs_actual"], "high bias",
                                {"jax": 0.3391, "torch": 0.3391, "tensorflow": 0.3391}),
    "logistic-regression": (["decision_boundary", "training_animation"], "high bias",
                            {"jax": 0.8684, "torch": 0.8684, "tensorflow": 0.8684}),
    "regularized-logistic": (["boundaries_by_lambda", "decision_boundary",
                              "training_animation"], "high variance",
                             {"jax": 0.8250, "torch": 0.8250, "tensorflow": 0.8250}),
    "xor-mlp": (["decision_boundary", "hidden_space", "training_animation"], "good fit",
                {"jax": 1.0, "torch": 1.0, "tensorflow": 1.0}),
    "digits-mlp": (["first_layer_weights", "misclassified_images"], "good fit",
                   {"jax": 0.9500, "torch": 0.9389, "tensorflow": 0.9583}),
    "softmax": (["first_layer_weights", "misclassified_images"], "good fit",
                {"jax": 0.9194, "torch": 0.9111, "tensorflow": 0.9111}),
    "deep-net": (["init_dropout_comparison", "misclassified_images"], "good fit",
                 {"jax": 0.9611, "torch": 0.9333, "tensorflow": 0.9389}),
    "convnet": (["filters", "feature_maps", "misclassified_images"], "good fit",
                {"jax": 0.9417, "torch": 0.9333, "tensorflow": 0.9444}),
    "lstm": (["predicted_vs_actual"], "good fit",
             {"jax": 0.8272, "torch": 0.8966, "tensorflow": 0.8116}),
}

SCORE_TOLERANCE = 0.05


def expected_images(lecture_id):
    """The image files a lecture's page shows, in order."""
    kinds = EXPECTED[lecture_id][0]
    return CURVES + [f"{kind}.gif" if kind == "training_animation" else f"{kind}.png"
                     for kind in kinds]


def assert_shows_what_it_showed(summary):
    """The summary's figures, verdict and test score are the stored ones."""
    lecture_id = summary["lecture_id"]
    kinds, verdict, scores = EXPECTED[lecture_id]
    score = scores[summary["backend"]]
    assert [image["file"] for image in summary["images"]] == expected_images(lecture_id)
    assert [picture["kind"] for picture in summary["pictures"]] == kinds
    assert summary["diagnosis"]["verdict"] == verdict, lecture_id
    assert abs(summary["scores"]["test"] - score) <= SCORE_TOLERANCE, (
        lecture_id, summary["scores"]["test"], score)
