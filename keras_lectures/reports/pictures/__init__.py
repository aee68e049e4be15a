"""The lecture's figures, drawn from an estimator and its data.

Every function takes ``(estimator, data)``: a scikit-learn-compatible
estimator (or pipeline) and the lecture data, a :class:`sklearn.utils.Bunch`
(or dict) with ``X_train``, ``y_train``, ``X_test``, ``y_test`` and
optionally ``feature_names``, ``target_name`` and ``image_shape``: what
:func:`keras_lectures.lectures.load_lecture_data` returns (with
``quick=True``, the offline stand-in data a quick report uses). Each returns
a :class:`matplotlib.figure.Figure` built without pyplot; pass
``fig=plt.figure()`` to draw into a pyplot figure instead (notebooks,
sphinx-gallery). :func:`training_animation` returns a
:class:`TrainingAnimation`.

Functions that draw a *fitted* model call ``predict``/``predict_proba`` or read
its weights; those marked "trains" fit copies of the estimator (via
:func:`sklearn.base.clone`) on ``data.X_train`` and never touch the original.

===========================  ====================================================  ======
kind                         what                                                  trains
===========================  ====================================================  ======
``fitted_line``              data and the model's line (one input feature)
``cost_contour``             contours of J(theta_0, theta_1), gradient-descent     yes
                             path from theta = 0
``cost_history``             the cost per iteration (``history_``)
``learning_rates``           cost per iteration for several learning rates         yes
``predicted_vs_actual``      predictions against the truth (optional baseline)
``decision_boundary``        the classifier's regions over a 2-D plane
``boundaries_by_lambda``     boundaries for lambda = 0, 1, 100 side by side        yes
``hidden_space``             the points as the hidden layer sees them
``first_layer_weights``      each first-layer unit's weights as an image
``misclassified_images``     test images the model got wrong
``init_dropout_comparison``  validation accuracy per epoch: random-normal init,    yes
                             Xavier, Xavier with dropout
``filters``                  the first convolution's kernels
``feature_maps``             one test image through the convolution blocks
``training_animation``       the decision boundary epoch by epoch (animation)      yes
``logistic_cost_terms``      the sigmoid; -log h and -log(1 - h)
``cost_slice``               cross entropy and squared error along one weight
``activation_derivatives``   sigmoid, tanh, ReLU and their derivatives
``gradient_flow``            gradient norm per layer at initialisation (sigmoid    yes
                             or ReLU, plain normal or Xavier) and validation
                             accuracy per epoch
``optimizer_paths``          gradient descent, momentum, RMSprop and Adam over     yes
                             J(theta_0, theta_1), and the cost per epoch
===========================  ====================================================  ======

Examples
--------
>>> from keras_lectures.lectures import LECTURES, load_lecture_data
>>> from keras_lectures.reports.pictures import fitted_line
>>> data = load_lecture_data("linear-regression", quick=True)
>>> model = LECTURES["linear-regression"].make_estimator(quick=True, random_state=0)
>>> fig = fitted_line(model.fit(data.X_train, data.y_train), data)  # doctest: +SKIP
"""

from keras_lectures.reports.pictures.animation import TrainingAnimation, training_animation
from keras_lectures.reports.pictures.classification import (
    boundaries_by_lambda,
    decision_boundary,
)
from keras_lectures.reports.pictures.costs import (
    cost_slice,
    costs_along_weight,
    logistic_cost_terms,
)
from keras_lectures.reports.pictures.gradients import (
    activation_derivative,
    activation_derivatives,
    gradient_flow,
    gradient_flow_comparison,
)
from keras_lectures.reports.pictures.networks import (
    feature_maps,
    filters,
    first_layer_weights,
    hidden_space,
    init_dropout_comparison,
    misclassified_images,
)
from keras_lectures.reports.pictures.optimizers import (
    optimizer_comparison,
    optimizer_paths,
)
from keras_lectures.reports.pictures.regression import (
    cost_contour,
    cost_history,
    errors,
    fitted_line,
    learning_rates,
    predicted_vs_actual,
)

__all__ = [
    "PICTURES",
    "TrainingAnimation",
    "activation_derivative",
    "activation_derivatives",
    "boundaries_by_lambda",
    "cost_contour",
    "cost_history",
    "cost_slice",
    "costs_along_weight",
    "decision_boundary",
    "draw",
    "feature_maps",
    "file_name",
    "filters",
    "first_layer_weights",
    "fitted_line",
    "gradient_flow",
    "gradient_flow_comparison",
    "hidden_space",
    "init_dropout_comparison",
    "learning_rates",
    "logistic_cost_terms",
    "misclassified_images",
    "optimizer_comparison",
    "optimizer_paths",
    "predicted_vs_actual",
    "training_animation",
]


def _prediction_caption(estimator, data, options):
    text = "Predicted and actual test values"
    found = errors(estimator, data, baseline=options.get("baseline"))
    text += f"; mean absolute error: model {found['model']:.3g}"
    if "baseline" in found:
        name = "“tomorrow = today”" if options.get("baseline") == "last" else "baseline"
        text += f", {name} {found['baseline']:.3g}"
    return text


#: kind -> (function, caption); a caption may be ``caption(estimator, data, options)``
PICTURES = {
    "fitted_line": (fitted_line, "The fitted line over the training and test data"),
    "cost_contour": (cost_contour, "Contours of the cost J(θ₀, θ₁) and the path of "
                                   "gradient descent from θ = 0"),
    "cost_history": (cost_history, "The cost J per gradient-descent iteration"),
    "learning_rates": (learning_rates, "Cost per iteration for several learning rates "
                                       "α; one is too large and diverges"),
    "predicted_vs_actual": (predicted_vs_actual, _prediction_caption),
    "decision_boundary": (decision_boundary, "The decision boundary: the class "
                                             "probability over the input plane"),
    "boundaries_by_lambda": (boundaries_by_lambda, "Decision boundaries for λ = 0, 1 "
                                                   "and 100: overfit, fit, underfit"),
    "hidden_space": (hidden_space, "The training points as the hidden layer sees them: "
                                   "a straight line (the output unit) separates them"),
    "first_layer_weights": (first_layer_weights, "The first layer's weights on the "
                                                 "pixels, one image per hidden unit (or "
                                                 "per class without a hidden layer)"),
    "misclassified_images": (misclassified_images, "Misclassified test images "
                                                   "(true → predicted)"),
    "init_dropout_comparison": (init_dropout_comparison, "Validation accuracy per epoch: "
                                                         "random-normal initialisation, "
                                                         "Xavier, Xavier with dropout"),
    "filters": (filters, "The first convolution's kernels"),
    "feature_maps": (feature_maps, "One test image through the convolution blocks"),
    "training_animation": (training_animation, "Training playground: the decision "
                                               "boundary and the loss, epoch by epoch "
                                               "(animated)"),
    "logistic_cost_terms": (logistic_cost_terms, "The sigmoid, and the cross-entropy's "
                                                 "terms -log h (y = 1) and -log(1 - h) "
                                                 "(y = 0)"),
    "cost_slice": (cost_slice, "Cross entropy and squared error through the sigmoid "
                               "along one weight: only the cross entropy is convex"),
    "activation_derivatives": (activation_derivatives, "Sigmoid, tanh and ReLU and their "
                                                       "derivatives: the sigmoid's is at "
                                                       "most 0.25"),
    "gradient_flow": (gradient_flow, "Gradient norm per layer at initialisation, and "
                                     "validation accuracy per epoch: sigmoid or ReLU, "
                                     "plain normal or Xavier initialisation"),
    "optimizer_paths": (optimizer_paths, "Gradient descent, momentum, RMSprop and Adam: "
                                         "paths over the cost and the cost per epoch"),
}


def file_name(kind):
    """The file a report writes the picture ``kind`` to (``.gif`` for animations).

    Parameters
    ----------
    kind : str
        A picture kind (see the table above).

    Returns
    -------
    name : str
        ``kind`` with its file extension.
    """
    return f"{kind}.gif" if kind == "training_animation" else f"{kind}.png"


def draw(kind, estimator, data, **options):
    """Draw the picture ``kind``; return ``(figure_or_animation, caption)``.

    Parameters
    ----------
    kind : str
        A key of :data:`PICTURES`.
    estimator : estimator or Pipeline
        Fitted, except for the kinds that only train copies.
    data : Bunch or dict
    **options
        Keyword arguments of the drawing function.

    Returns
    -------
    figure : matplotlib.figure.Figure or TrainingAnimation
    caption : str
    """
    try:
        function, caption = PICTURES[kind]
    except KeyError:
        raise ValueError(
            f"unknown picture {kind!r}; choose one of {', '.join(PICTURES)}"
        ) from None
    figure = function(estimator, data, **options)
    if callable(caption):
        caption = caption(estimator, data, options)
    return figure, caption

