"""The neural-network lectures' figures: XOR's hidden layer, digits, deep nets, convnets.

``hidden_space`` shows the XOR points as the hidden layer sees them;
``first_layer_weights`` each hidden unit's (or class's) weights as an image
(exercise 4); ``misclassified_images`` the test images the model got wrong;
``init_dropout_comparison`` the deep-net lecture's lab comparison
(random-normal initialisation, Xavier, Xavier with dropout) as validation
curves;
``filters`` and ``feature_maps`` the convnet's first kernels and one image
through its convolution blocks.
"""

import numpy as np

from keras_lectures.reports.pictures._common import (
    as_2d,
    final_step,
    get,
    last_step_name,
    model_of,
    new_figure,
    replay,
    split_pipeline,
)

__all__ = [
    "hidden_space",
    "first_layer_weights",
    "misclassified_images",
    "init_dropout_comparison",
    "filters",
    "feature_maps",
    "layer_outputs",
]


def layer_outputs(estimator, X):
    """Every layer's output for the rows ``X`` (after a pipeline's preprocessing).

    Parameters
    ----------
    estimator : fitted estimator or Pipeline of this package (a Sequential model)
    X : array-like

    Returns
    -------
    outputs : list of (layer, ndarray)
        In the model's order; dropout layers pass their input unchanged
        (inference).
    """
    from keras_lectures.backend import import_keras

    keras = import_keras()
    transform, _ = split_pipeline(estimator)
    model = model_of(estimator, "layer_outputs")
    h = np.asarray(transform(np.asarray(X)), dtype=np.float32)
    outputs = []
    for layer in model.layers:
        h = layer(h, training=False) if isinstance(layer, keras.layers.Dropout) else layer(h)
        outputs.append((layer, np.asarray(keras.ops.convert_to_numpy(h))))
    return outputs


def _dense_layers(estimator):
    from keras_lectures.backend import import_keras

    keras = import_keras()
    model = model_of(estimator, "this picture")
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def hidden_space(estimator, data, *, fig=None):
    """The points as the last hidden layer sees them: separable by a line there.

    The hidden layer maps the inputs to new coordinates, where the output
    unit draws a straight boundary. Horizontal axis: the output unit's
    logit ``w . h + b`` (the boundary is the vertical line at 0); vertical
    axis: the hidden activations' main direction across it (first principal
    component of ``h`` with ``w``'s direction taken out). With more than two
    classes, the first two principal components of ``h``.

    Parameters
    ----------
    estimator : fitted MLPClassifier (or Pipeline ending in one)
    data : Bunch or dict
        ``X_train`` and ``y_train``.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from sklearn.decomposition import PCA

    dense = _dense_layers(estimator)
    if len(dense) < 2:
        raise ValueError("hidden_space needs a network with a hidden layer.")
    X, y = np.asarray(data.X_train), np.ravel(data.y_train)
    outputs = layer_outputs(estimator, X)
    index = [layer for layer, _ in outputs].index(dense[-2])
    h = outputs[index][1].reshape(len(X), -1).astype(float)
    kernel, bias = (np.asarray(w, dtype=float) for w in dense[-1].get_weights()[:2])
    classes = np.unique(y)
    fig = new_figure(fig, (6.4, 5.0))
    ax = fig.add_subplot()
    if kernel.shape[1] == 1:
        w = kernel[:, 0]
        logit = h @ w + bias[0]
        direction = w / (np.linalg.norm(w) or 1.0)
        rest = h - np.outer(h @ direction, direction)
        other = PCA(1).fit_transform(rest)[:, 0] if h.shape[1] > 1 else np.zeros(len(h))
        ax.axvline(0.0, color="k", linewidth=1.5, label="output boundary (logit = 0)")
        ax.axvspan(min(logit.min(), -1e-3) - 1, 0, color="tab:blue", alpha=0.08)
        ax.axvspan(0, max(logit.max(), 1e-3) + 1, color="tab:red", alpha=0.08)
        coords = np.column_stack([logit, other])
        xlabel = "output unit's logit w·h + b"
        ylabel = "hidden activations, main direction across w"
    else:
        coords = PCA(2).fit_transform(h)
        xlabel, ylabel = "hidden principal component 1", "hidden principal component 2"
    colors = ["tab:blue", "tab:red", "tab:green", "tab:orange", "tab:purple", "tab:brown",
              "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
    for k, label in enumerate(classes):
        mine = y == label
        ax.scatter(coords[mine, 0], coords[mine, 1], s=26, color=colors[k % 10],
                   edgecolors="k", linewidths=0.4, label=f"class {label}")
    if kernel.shape[1] == 1:
        pad = 0.1 * (np.ptp(coords[:, 0]) or 1.0)
        ax.set_xlim(coords[:, 0].min() - pad, coords[:, 0].max() + pad)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(f"The training points in the hidden layer's {h.shape[1]} units")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def image_shape(data, n_pixels, what="this picture"):
    """``(h, w)`` of one image: ``data.image_shape``, else a square."""
    shape = get(data, "image_shape")
    if shape is not None:
        shape = tuple(int(s) for s in shape)
        if len(shape) == 3 and shape[-1] == 1:
            shape = shape[:2]
        return shape
    side = int(round(np.sqrt(n_pixels)))
    if side * side != n_pixels:
        raise ValueError(f"{what} needs square images or data.image_shape")
    return side, side


def _grid(n, max_cols=10):
    cols = max(1, min(int(np.ceil(np.sqrt(n))), max_cols))
    return int(np.ceil(n / cols)), cols


def first_layer_weights(estimator, data, *, max_units=25, fig=None):
    """Each first-layer unit's weights drawn as an image (red positive, blue negative).

    For a hidden layer these are the patterns its units respond to (the
    lecture's exercise 4 picture); for softmax regression (no hidden layer)
    each class's template.

    Parameters
    ----------
    estimator : fitted estimator of this package on image rows
    data : Bunch or dict
        ``X_train`` (flat images) and optionally ``image_shape``.
    max_units : int, default=25
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    dense = _dense_layers(estimator)
    if not dense:
        raise ValueError("first_layer_weights needs a network with a Dense layer.")
    kernel = np.asarray(dense[0].get_weights()[0], dtype=float)
    shape = image_shape(data, kernel.shape[0], "first_layer_weights")
    is_output = len(dense) == 1
    classes = getattr(final_step(estimator), "classes_", None)
    n = min(kernel.shape[1], max_units)
    rows, cols = _grid(n)
    fig = new_figure(fig, (1.3 * cols + 0.6, 1.4 * rows + 0.8))
    for k in range(n):
        ax = fig.add_subplot(rows, cols, k + 1)
        image = kernel[:, k].reshape(shape)
        limit = float(np.abs(image).max()) or 1.0
        ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if is_output and classes is not None and len(classes) == kernel.shape[1]:
            ax.set_title(f"class {classes[k]}", fontsize=9)
        else:
            ax.set_title(f"unit {k + 1}", fontsize=9)
    what = "class" if is_output else "hidden unit"
    fig.suptitle(f"Weights of each {what} on the {shape[0]}×{shape[1]} pixels "
                 f"(first {n} of {kernel.shape[1]}; red +, blue −)")
    fig.tight_layout()
    return fig


def misclassified_images(estimator, data, *, max_images=25, fig=None):
    """A grid of test images the model got wrong, titled ``true → predicted``.

    When it got none wrong, the first test images are shown, titled with
    their correct label.

    Parameters
    ----------
    estimator : fitted classifier or Pipeline
    data : Bunch or dict
        ``X_test``, ``y_test`` (flat or 2-D images), optionally ``image_shape``.
    max_images : int, default=25
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    X_test = np.asarray(data.X_test)
    y_test = np.ravel(data.y_test)
    pred = np.ravel(estimator.predict(X_test))
    wrong = np.flatnonzero(pred != y_test)
    shown = wrong[:max_images] if wrong.size else np.arange(min(len(X_test), max_images))
    flat = as_2d(X_test)
    shape = image_shape(data, flat.shape[1], "misclassified_images")

    n = max(len(shown), 1)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    fig = new_figure(fig, (1.4 * cols + 0.4, 1.55 * rows + 0.7))
    if wrong.size:
        fig.suptitle(f"{wrong.size} of {len(y_test)} test images misclassified "
                     f"(first {len(shown)}: true → predicted)")
    else:
        fig.suptitle(f"No test image misclassified (first {len(shown)} shown)")
    for k, i in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(flat[i].reshape(shape), cmap="gray_r", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if wrong.size:
            ax.set_title(f"{y_test[i]} → {pred[i]}", color="tab:red", fontsize=9)
        else:
            ax.set_title(f"{y_test[i]}", color="tab:green", fontsize=9)
    fig.tight_layout()
    return fig


#: the deep-net lecture's three settings: label -> parameters
INIT_SETTINGS = {
    "random normal (σ = 1)": {
        "kernel_initializer": {"class_name": "RandomNormal", "config": {"stddev": 1.0}},
        "dropout": 0.0,
    },
    "Xavier (Glorot)": {"kernel_initializer": "glorot_uniform", "dropout": 0.0},
    "Xavier + dropout": {"kernel_initializer": "glorot_uniform", "dropout": None},
}


def init_dropout_comparison(estimator, data, *, epochs=None, dropout=0.3,
                            validation_fraction=0.2, random_state=0, fig=None):
    """Validation accuracy per epoch: random-normal init, Xavier, Xavier with dropout.

    The deep-net lecture's lab comparison as curves. Three copies of the estimator
    are trained on most of ``data.X_train`` and scored on the rest after
    every epoch (training replayed one epoch at a time with ``warm_start``).

    Parameters
    ----------
    estimator : DeepNetClassifier (or Pipeline ending in one)
        Fitted or not: only its parameters are used; it needs
        ``kernel_initializer`` and ``dropout`` parameters.
    data : Bunch or dict
        ``X_train`` and ``y_train``.
    epochs : int, optional
        The estimator's own by default.
    dropout : float, default=0.3
        Dropout of the third setting when the estimator has none
        (the lecture's ``keep_prob = 0.7``).
    validation_fraction : float, default=0.2
    random_state : int, default=0
        Seeds the validation split.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    from sklearn.base import clone
    from sklearn.model_selection import train_test_split

    prefix = last_step_name(estimator)
    params = estimator.get_params()
    for name in ("kernel_initializer", "dropout"):
        if f"{prefix}{name}" not in params:
            raise ValueError(f"init_dropout_comparison needs an estimator with a {name!r} "
                             "parameter (DeepNetClassifier).")
    y = np.ravel(data.y_train)
    X_fit, X_val, y_fit, y_val = train_test_split(
        np.asarray(data.X_train), y, test_size=validation_fraction,
        random_state=random_state, stratify=y)
    own_dropout = params[f"{prefix}dropout"] or dropout
    curves = {}
    for label, setting in INIT_SETTINGS.items():
        setting = dict(setting)
        if setting["dropout"] is None:
            setting["dropout"] = own_dropout
        copy = clone(estimator).set_params(**{f"{prefix}{k}": v for k, v in setting.items()})
        scores = []
        replay(copy, X_fit, y_fit, n_snapshots=epochs or params[f"{prefix}epochs"],
               epochs=epochs, record=lambda fitted, epoch: scores.append(
                   (epoch, fitted.score(X_val, y_val))))
        curves[label] = np.asarray(scores)
    fig = new_figure(fig, (6.4, 4.4))
    ax = fig.add_subplot()
    for (label, curve), color in zip(curves.items(), ["tab:red", "tab:blue", "tab:green"]):
        ax.plot(curve[:, 0], curve[:, 1], "o-", color=color, markersize=4,
                label=f"{label}: {curve[-1, 1]:.1%}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"validation accuracy ({len(y_val)} held-out images)")
    ax.set_title("Initialisation and dropout: validation accuracy per epoch")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="center right", fontsize=9)
    fig.tight_layout()
    return fig


def _conv_layers(estimator):
    from keras_lectures.backend import import_keras

    keras = import_keras()
    model = model_of(estimator, "this picture")
    layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    if not layers:
        raise ValueError("this picture needs a convolutional network (ConvNetClassifier).")
    return layers


def filters(estimator, data=None, *, max_filters=32, fig=None):
    """The first convolution's kernels, one small image each (red +, blue −).

    Parameters
    ----------
    estimator : fitted ConvNetClassifier (or Pipeline ending in one)
    data : Bunch, optional
        Not used; accepted for the ``(estimator, data)`` convention.
    max_filters : int, default=32
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    kernel = np.asarray(_conv_layers(estimator)[0].get_weights()[0], dtype=float)
    kh, kw, channels, n_all = kernel.shape
    n = min(n_all, max_filters)
    rows, cols = _grid(n, max_cols=8)
    fig = new_figure(fig, (1.2 * cols + 0.6, 1.3 * rows + 0.8))
    for k in range(n):
        ax = fig.add_subplot(rows, cols, k + 1)
        image = kernel[:, :, :, k].mean(axis=2)  # grey input: the one channel
        limit = float(np.abs(image).max()) or 1.0
        ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"filter {k + 1}", fontsize=8)
    fig.suptitle(f"First convolution: {n_all} kernels of {kh}×{kw} (red +, blue −)"
                 + (f" (mean over {channels} channels)" if channels > 1 else "")
                 + ("" if n == n_all else f", first {n} shown"))
    fig.tight_layout()
    return fig


def feature_maps(estimator, data, *, index=0, max_maps=8, fig=None):
    """One test image through the convolution blocks: each convolution's output maps.

    Row 0 is the image; each next row the first ``max_maps`` channels one
    convolution outputs (after its ReLU, before pooling: the next block
    receives them pooled, half the size).

    Parameters
    ----------
    estimator : fitted ConvNetClassifier (or Pipeline ending in one)
    data : Bunch or dict
        ``X_test`` (and optionally ``image_shape``).
    index : int, default=0
        Which test image.
    max_maps : int, default=8
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    """
    convs = _conv_layers(estimator)
    X = np.asarray(data.X_test)[index:index + 1]
    outputs = dict((id(layer), out) for layer, out in layer_outputs(estimator, X))
    maps = [outputs[id(layer)][0] for layer in convs]
    flat = as_2d(X)[0]
    shape = image_shape(data, flat.size, "feature_maps")
    cols = max(min(max_maps, max(m.shape[-1] for m in maps)), 2)
    rows = 1 + len(maps)
    fig = new_figure(fig, (1.3 * cols + 0.8, 1.45 * rows + 0.6))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.ravel():
        ax.set_axis_off()
    axes[0, 0].imshow(flat.reshape(shape), cmap="gray_r", interpolation="nearest")
    label = np.ravel(get(data, "y_test", [None] * (index + 1)))[index]
    axes[0, 0].set_title(f"input ({label})" if label is not None else "input", fontsize=8)
    for r, (layer, fmap) in enumerate(zip(convs, maps), 1):
        for c in range(min(cols, fmap.shape[-1])):
            ax = axes[r, c]
            ax.imshow(fmap[:, :, c], cmap="magma", interpolation="nearest")
            ax.set_title(f"{layer.name} #{c + 1}", fontsize=7)
            ax.set_axis_on()
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(f"{fmap.shape[0]}×{fmap.shape[1]}", fontsize=8)
    fig.suptitle("One test image through the convolution blocks (bright: strong response)")
    fig.tight_layout()
    return fig
