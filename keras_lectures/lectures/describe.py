"""The lecture's per-layer arithmetic: shapes, activations, weights and bytes.

The slides work out by hand, layer by layer, how many values a network keeps
per example (its activations) and how many parameters it learns, and what
that costs in memory at 4 bytes per float32 value. :func:`describe_layers`
does the same for any Keras model or fitted estimator and shows, for
convolution and pooling layers, the output-size formula

    o = (i - f + 2p) / s + 1

(rounded down) with the layer's numbers filled in.

The MLP 784-256-10 of the lecture has 203,530 parameters (814,120 bytes,
814 kB or 795 KiB). The "804 KB" on the slide is 200,960 x 4 = 803,840 bytes:
the first layer's 784 x 256 weights and 256 biases, in decimal kilobytes.
An example's activations are tiny beside that: 784 + 256 + 10 = 1,050
values, 4,200 bytes.
"""

import math

__all__ = ["describe_layers", "LayerTable"]

BYTES_PER_VALUE = 4  # float32

#: layers whose output holds the same values as their input (reshaped, or
#: dropped at random in training): no new activations are counted for them
_VIEWS = {"Flatten", "Reshape", "Dropout"}

_COLUMNS = (
    ("layer", "layer"),
    ("type", "type"),
    ("output_shape", "output shape"),
    ("activations", "activations"),
    ("activation_bytes", "bytes"),
    ("weights", "weights"),
    ("biases", "biases"),
    ("parameters", "parameters"),
    ("parameter_bytes", "param bytes"),
    ("formula", "output size"),
)


class LayerTable:
    """The result of :func:`describe_layers`: one record per layer, plus totals.

    Parameters
    ----------
    records : iterable of dict
        One per layer (the input first), with ``layer``, ``type``,
        ``output_shape`` (one example's), ``activations`` (new values per
        example; 0 for ``Flatten``, ``Reshape`` and ``Dropout``, which hold
        their input's values),
        ``activation_bytes``, ``weights``, ``biases``, ``parameters``,
        ``parameter_bytes`` and ``formula`` (the output-size formula of
        convolution and pooling layers, else ``""``).
        ``pandas.DataFrame(table.records)`` is a DataFrame of them.
    name : str, default=""
        The model's name, shown above the table.

    Attributes
    ----------
    totals : dict
        ``activations``, ``activation_bytes``, ``weights``, ``biases``,
        ``parameters`` and ``parameter_bytes`` over all layers; activations
        are per example and include the input.

    ``str(table)`` is a printable text table.
    """

    def __init__(self, records, name=""):
        self.records = list(records)
        self.name = name
        keys = ("activations", "activation_bytes", "weights", "biases", "parameters",
                "parameter_bytes")
        self.totals = {key: sum(r[key] for r in self.records) for key in keys}

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def __getitem__(self, index):
        return self.records[index]

    def to_frame(self):
        """The records as a :class:`pandas.DataFrame` (imports pandas).

        Returns
        -------
        frame : pandas.DataFrame
            One row per layer, one column per record key.
        """
        import pandas as pd

        return pd.DataFrame(self.records)

    def __repr__(self):
        return f"<LayerTable {self.name!r}: {len(self)} layers, {self.totals['parameters']:,} parameters>"

    def __str__(self):
        def cell(key, value):
            if key == "output_shape":
                return "(" + ", ".join(str(v) for v in value) + ")"
            if isinstance(value, int):
                return f"{value:,}"
            return str(value)

        rows = [[title for _, title in _COLUMNS]]
        for record in self.records:
            rows.append([cell(key, record[key]) for key, _ in _COLUMNS])
        total = {**{key: "" for key, _ in _COLUMNS}, **self.totals, "layer": "total"}
        rows.append([cell(key, total[key]) for key, _ in _COLUMNS])
        widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
        numeric = {k for k, _ in _COLUMNS} - {"layer", "type", "output_shape", "formula"}
        lines = []
        for n, row in enumerate(rows):
            parts = [
                text.rjust(width) if key in numeric else text.ljust(width)
                for text, width, (key, _) in zip(row, widths, _COLUMNS)
            ]
            lines.append("  ".join(parts).rstrip())
            if n == 0 or n == len(rows) - 2:
                lines.append("  ".join("-" * w for w in widths))
        t = self.totals
        lines.append(
            f"per example: {t['activations']:,} activations = "
            f"{_human(t['activation_bytes'])}; parameters: {t['parameters']:,} = "
            f"{_human(t['parameter_bytes'])} (float32, {BYTES_PER_VALUE} bytes a value)"
        )
        return "\n".join(lines)


def _human(n_bytes):
    return f"{n_bytes:,} B ({n_bytes / 1000:,.1f} kB, {n_bytes / 1024:,.1f} KiB)"


def _model_of(obj, input_shape):
    """The Keras model behind ``obj``: a model, a fitted estimator or a pipeline."""
    from keras_lectures.backend import import_keras

    keras = import_keras()
    if hasattr(obj, "steps"):  # a pipeline: its final estimator
        obj = obj.steps[-1][1]
    model = getattr(obj, "model_", obj)
    if not isinstance(model, keras.Model):
        raise TypeError(
            "describe_layers takes a Keras model, a fitted lecture estimator or a "
            f"pipeline ending in one; got {type(obj).__name__}."
        )
    if not model.built or not getattr(model, "inputs", None):
        if input_shape is None:
            raise ValueError("The model is not built: pass input_shape (one example's shape).")
        model.build((None, *tuple(input_shape)))
    return model


def _per_example(shape):
    return tuple(int(d) for d in tuple(shape)[1:])


def _formula(layer, in_shape, out_shape):
    """The output-size formula with this layer's numbers, for conv and pooling layers."""
    kernel = getattr(layer, "kernel_size", None) or getattr(layer, "pool_size", None)
    strides = getattr(layer, "strides", None)
    padding = getattr(layer, "padding", None)
    if kernel is None or strides is None or padding is None:
        return ""
    parts = []
    seen = set()
    for i, f, s, o in zip(in_shape, kernel, strides, out_shape):
        if i is None or (i, f, s) in seen:
            continue
        seen.add((i, f, s))
        total_pad = max((o - 1) * s + f - i, 0) if padding == "same" else 0
        p = total_pad / 2
        p_text = f"{p:g}"
        check = math.floor((i - f + total_pad) / s) + 1
        parts.append(f"({i} - {f} + 2*{p_text})/{s} + 1 = {check}")
    return "; ".join(parts)


def describe_layers(estimator_or_model, input_shape=None):
    """Per-layer arithmetic of a network: shapes, activations, weights, bytes.

    Parameters
    ----------
    estimator_or_model : keras.Model, fitted estimator or Pipeline
        A Keras model, or an estimator (or pipeline ending in one) with a
        fitted ``model_``.
    input_shape : tuple of int, default=None
        Shape of one example, for a model that is not built yet.

    Returns
    -------
    table : LayerTable
        ``table.records`` (a list of dicts, one per layer, the input first),
        ``table.totals``, and ``str(table)``, a text table.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((784,)),
    ...     keras.layers.Dense(256, activation="relu"),
    ...     keras.layers.Dense(10, activation="softmax")])
    >>> describe_layers(model).totals["parameters"]
    203530
    """
    model = _model_of(estimator_or_model, input_shape)
    input_shape = _per_example(model.inputs[0].shape)
    records = [_record("input", "InputLayer", input_shape, 0, 0, "")]
    previous = input_shape
    for layer in model.layers:
        output_shape = _per_example(layer.output.shape)
        weights = biases = 0
        for variable in layer.weights:
            size = math.prod(int(d) for d in variable.shape)
            if variable.path.rsplit("/", 1)[-1].endswith("bias"):
                biases += size
            else:
                weights += size
        # pooling and convolution formulas act on the spatial dimensions
        formula = _formula(layer, previous[:-1], output_shape[:-1])
        record = _record(layer.name, type(layer).__name__, output_shape, weights, biases,
                         formula)
        if record["type"] in _VIEWS:
            record["activations"] = record["activation_bytes"] = 0
        records.append(record)
        previous = output_shape
    return LayerTable(records, name=model.name)


def _record(name, kind, shape, weights, biases, formula):
    activations = math.prod(shape)
    return {
        "layer": name,
        "type": kind,
        "output_shape": tuple(shape),
        "activations": int(activations),
        "activation_bytes": int(activations) * BYTES_PER_VALUE,
        "weights": int(weights),
        "biases": int(biases),
        "parameters": int(weights + biases),
        "parameter_bytes": int(weights + biases) * BYTES_PER_VALUE,
        "formula": formula,
    }
