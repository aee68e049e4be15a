"""A training playground: the decision boundary epoch by epoch, as an animation.

TensorFlow Playground redraws its toy network's boundary while it trains.
:func:`training_animation` does the same for any 2-D classifier of this
package (or a pipeline ending in one): a copy of the estimator is trained
again in parts with ``warm_start`` (the same steps as one ``fit``), and after
each part the class probability over the input plane and the loss so far are
recorded. The frames are drawn with matplotlib and written as an animated GIF
(a plain image: it plays in any page, offline, with no script) or as an HTML
player with a slider (``to_jshtml``, which notebooks and sphinx-gallery show).
"""

import re

import numpy as np

from keras_lectures.reports.pictures._common import final_step, new_figure, replay
from keras_lectures.reports.pictures.classification import Plane

__all__ = ["TrainingAnimation", "training_animation"]

#: matplotlib's player buttons (font-awesome icons) as plain characters
_BUTTONS = {"minus": "−", "fast-backward": "⏮", "step-backward": "⏴", "play": "▶",
            "pause": "⏸", "step-forward": "⏵", "fast-forward": "⏭", "plus": "+"}


class TrainingAnimation:
    """The decision boundary of a classifier as it trains, frame by frame.

    Build it with :meth:`from_estimator` (or :func:`training_animation`).

    Parameters
    ----------
    plane : Plane
        The grid and the data points.
    epochs : list of int
        Epochs trained at each frame.
    responses : list of ndarray
        P(last class) (or class indices) on the grid at each frame.
    is_proba : bool
        Whether ``responses`` are probabilities.
    loss : list of float
        Training loss per epoch, over the whole training.
    train_scores, test_scores : list of float
        Accuracy on the training and test data at each frame.

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
        The figure the frames are drawn on (set by :meth:`plot`).
    animation_ : matplotlib.animation.FuncAnimation
        Set by :meth:`plot`.
    """

    def __init__(self, plane, epochs, responses, is_proba, loss, train_scores, test_scores):
        self.plane = plane
        self.epochs = list(epochs)
        self.responses = list(responses)
        self.is_proba = bool(is_proba)
        self.loss = list(loss)
        self.train_scores = list(train_scores)
        self.test_scores = list(test_scores)

    @property
    def n_frames(self):
        """Number of frames."""
        return len(self.epochs)

    @classmethod
    def from_estimator(cls, estimator, data, *, n_frames=20, resolution=60, epochs=None):
        """Train a copy of ``estimator`` on ``data.X_train`` and record the frames.

        Parameters
        ----------
        estimator : classifier of this package, or a Pipeline ending in one
            Two input features. Fitted or not: only its parameters are used;
            the last step needs ``warm_start`` and ``epochs`` parameters.
        data : Bunch or dict
            ``X_train``, ``y_train``, ``X_test``, ``y_test``; optionally
            ``feature_names``.
        n_frames : int, default=20
            Frames (training parts of equal length; at most one per epoch).
        resolution : int, default=60
            Grid points along each axis.
        epochs : int, optional
            Epochs in all; the estimator's own by default.

        Returns
        -------
        animation : TrainingAnimation
        """
        plane = Plane(data, resolution)
        frames = {"epochs": [], "responses": [], "train": [], "test": []}
        kinds = []

        def record(copy, epoch):
            response, is_proba = plane.response(copy)
            kinds.append(is_proba)
            frames["epochs"].append(epoch)
            frames["responses"].append(response)
            frames["train"].append(float(copy.score(data.X_train, data.y_train)))
            frames["test"].append(float(copy.score(data.X_test, data.y_test))
                                  if len(data.X_test) else float("nan"))

        fitted = replay(estimator, data.X_train, data.y_train, n_snapshots=n_frames,
                        record=record, epochs=epochs)
        history = getattr(final_step(fitted), "history_", None) or {}
        return cls(plane, frames["epochs"], frames["responses"], all(kinds),
                   history.get("loss", []), frames["train"], frames["test"])

    # -- drawing ---------------------------------------------------------------
    def plot(self, fig=None, *, interval=250):
        """Draw the first frame and make :attr:`animation_` (frames drawn on demand).

        Parameters
        ----------
        fig : matplotlib.figure.Figure, optional
            A new figure by default.
        interval : int, default=250
            Milliseconds per frame.

        Returns
        -------
        self : TrainingAnimation
        """
        from matplotlib.animation import FuncAnimation

        fig = new_figure(fig, (9.0, 3.9))
        self.figure_ = fig
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        self.plane.draw(left, self.responses[0], self.is_proba, legend=True, smooth=True)
        self._contours = [c for c in left.collections + left.images
                          if hasattr(c, "levels") or c in left.images]
        last = max(self.epochs[-1], 1) * 1.02
        loss = np.asarray(self.loss, dtype=float)
        steps = np.arange(1, loss.size + 1)
        right.plot(steps, loss, "-", color="0.8", linewidth=1.5, label="loss, whole run")
        (self._loss_line,) = right.plot([], [], "-", color="tab:blue", linewidth=2,
                                        label="training loss so far")
        self._now = right.axvline(self.epochs[0], color="tab:blue", linewidth=0.8,
                                  alpha=0.5)
        finite = loss[np.isfinite(loss)]
        if finite.size and finite.min() > 0 and finite.max() / finite.min() > 50:
            right.set_yscale("log")
        right.set_xlim(0, last)
        right.set_xlabel("epoch")
        right.set_ylabel("training loss")
        right.grid(True, alpha=0.3)
        twin = right.twinx()
        (self._train_line,) = twin.plot([], [], "o-", color="tab:orange", markersize=3,
                                        label="training accuracy")
        (self._test_line,) = twin.plot([], [], "^-", color="tab:green", markersize=3,
                                       label="test accuracy")
        twin.set_ylim(0, 1.02)
        twin.set_ylabel("accuracy")
        handles, labels = right.get_legend_handles_labels()
        more = twin.get_legend_handles_labels()
        right.legend(handles + more[0], labels + more[1], loc="center right", fontsize=8)
        right.set_title("Loss and accuracy as training runs", fontsize=10)
        self._axes = (left, right)
        self._draw(0)
        fig.tight_layout()
        self.animation_ = FuncAnimation(fig, self._draw, frames=self.n_frames,
                                        interval=interval, repeat=True, blit=False)
        return self

    def _draw(self, k):
        left, _ = self._axes
        if k:  # frame 0's regions were drawn by plot()
            for contour in self._contours:
                contour.remove()
            before = set(left.collections) | set(left.images)
            self.plane.regions(left, self.responses[k], self.is_proba, smooth=True)
            self._contours = [c for c in left.collections + left.images if c not in before]
        left.set_title(f"Epoch {self.epochs[k]} of {self.epochs[-1]}: "
                       f"train {self.train_scores[k]:.0%}, test {self.test_scores[k]:.0%}",
                       fontsize=10)
        loss = np.asarray(self.loss, dtype=float)
        shown = min(self.epochs[k], loss.size)
        self._loss_line.set_data(np.arange(1, shown + 1), loss[:shown])
        self._now.set_xdata([self.epochs[k], self.epochs[k]])
        self._train_line.set_data(self.epochs[:k + 1], self.train_scores[:k + 1])
        self._test_line.set_data(self.epochs[:k + 1], self.test_scores[:k + 1])
        return []

    def _ensure_plot(self):
        if not hasattr(self, "animation_"):
            self.plot()

    def save(self, path, *, fps=4, dpi=72):
        """Write the animation as an animated GIF (plays in any page, no script).

        Parameters
        ----------
        path : path-like
            Usually ``*.gif``.
        fps : int, default=4
            Frames per second.
        dpi : int, default=72

        Returns
        -------
        path : path-like
        """
        from matplotlib.animation import PillowWriter

        self._ensure_plot()
        self.animation_.save(str(path), writer=PillowWriter(fps=fps), dpi=dpi)
        return path

    def to_jshtml(self, *, fps=4):
        """The animation as self-contained HTML with a slider and play buttons.

        Frames are embedded as images in the HTML; nothing is fetched (the
        buttons' icon font that matplotlib links to is replaced by text).

        Parameters
        ----------
        fps : int, default=4
            Frames per second when playing.

        Returns
        -------
        html : str
            The HTML fragment.
        """
        self._ensure_plot()
        html = self.animation_.to_jshtml(fps=fps, default_mode="loop")
        html = re.sub(r'<link rel="stylesheet"\s*href="https?://[^"]*">\s*', "", html)
        return re.sub(r'<i class="fa fa-([a-z-]+)[^"]*"></i>',
                      lambda m: "◀" if "flip" in m.group(0) else _BUTTONS[m.group(1)], html)

    def _repr_html_(self):
        return self.to_jshtml()


def training_animation(estimator, data, *, n_frames=20, resolution=60, epochs=None):
    """The decision boundary epoch by epoch, playground style.

    Parameters
    ----------
    estimator : classifier of this package, or a Pipeline ending in one
        Two input features; fitted or not (a copy is trained again).
    data : Bunch or dict
        ``X_train``, ``y_train``, ``X_test``, ``y_test``.
    n_frames : int, default=20
    resolution : int, default=60
    epochs : int, optional

    Returns
    -------
    animation : TrainingAnimation
        ``save("x.gif")`` writes an animated GIF; ``to_jshtml()`` an HTML
        player with a slider; notebooks show it as that player.

    Examples
    --------
    >>> from keras_lectures.lectures import LECTURES, load_lecture_data
    >>> from keras_lectures.reports.pictures import training_animation
    >>> data = load_lecture_data("xor-mlp", quick=True)
    >>> model = LECTURES["xor-mlp"].make_estimator(quick=True, random_state=0)
    >>> training_animation(model, data).save("xor.gif")  # doctest: +SKIP
    """
    return TrainingAnimation.from_estimator(estimator, data, n_frames=n_frames,
                                            resolution=resolution, epochs=epochs)
