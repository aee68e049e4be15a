"""Tiny Keras model builders shared by the tests (imports Keras lazily)."""

from keras_lectures.backend import import_keras


def dense_classifier(hidden_units=8, meta=None):
    keras = import_keras()
    n_out = 1 if meta["target_type_"] == "binary" else meta["n_classes_"]
    activation = "softmax" if meta["target_type_"] == "multiclass" else "sigmoid"
    return keras.Sequential(
        [
            keras.Input((meta["n_features_in_"],)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dense(n_out, activation=activation),
        ]
    )


def dense_regressor(hidden_units=8, meta=None):
    keras = import_keras()
    return keras.Sequential(
        [
            keras.Input((meta["n_features_in_"],)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dense(meta["n_outputs_"]),
        ]
    )


def dropout_classifier(hidden_units=8, meta=None):
    keras = import_keras()
    return keras.Sequential(
        [
            keras.Input((meta["n_features_in_"],)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(meta["n_classes_"], activation="softmax"),
        ]
    )
