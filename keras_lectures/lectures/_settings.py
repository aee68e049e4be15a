"""The lecture's estimators with the lecture's settings.

One factory per lecture, ``make(*, epochs=None, random_state=None,
quick=False)``; :data:`~keras_lectures.lectures.registry.LECTURES` names them
and the lecture's numbers are measured with them.
"""

from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler

from keras_lectures.lectures.conv import ConvNetClassifier
from keras_lectures.lectures.deep import DeepNetClassifier
from keras_lectures.lectures.linear import LinearRegressionGD
from keras_lectures.lectures.logistic import LogisticRegressionGD, SoftmaxRegression
from keras_lectures.lectures.mlp import MLPClassifier
from keras_lectures.lectures.recurrent import LSTMRegressor, SlidingWindow


def _epochs(epochs, default):
    return default if epochs is None else epochs


def _linear_regression(*, epochs=None, random_state=None, quick=False):
    if quick:  # the embedded BMI is in kg/m²: scaled, one learning rate fits
        return make_pipeline(
            StandardScaler(),
            LinearRegressionGD(learning_rate=0.1, epochs=_epochs(epochs, 100),
                               random_state=random_state),
        )
    return LinearRegressionGD(learning_rate=0.01, epochs=_epochs(epochs, 1500),
                              random_state=random_state)


def _multivariate_regression(*, epochs=None, random_state=None, quick=False):
    return make_pipeline(
        StandardScaler(),
        LinearRegressionGD(learning_rate=0.1, epochs=_epochs(epochs, 100 if quick else 400),
                           random_state=random_state),
    )


def _logistic_regression(*, epochs=None, random_state=None, quick=False):
    return make_pipeline(
        StandardScaler(),
        LogisticRegressionGD(learning_rate=1.0 if quick else 4.0,
                             epochs=_epochs(epochs, 100 if quick else 1000),
                             random_state=random_state),
    )


def _regularized_logistic(*, epochs=None, random_state=None, quick=False):
    return make_pipeline(
        PolynomialFeatures(degree=6, include_bias=False),
        LogisticRegressionGD(alpha=1.0, learning_rate=4.0,
                             epochs=_epochs(epochs, 100 if quick else 1000),
                             random_state=random_state),
    )


def _xor_logistic(*, epochs=None, random_state=None):
    return LogisticRegressionGD(learning_rate=1.0, epochs=_epochs(epochs, 300),
                                random_state=random_state)


def _xor_mlp(*, epochs=None, random_state=None, quick=False):
    return MLPClassifier((8,), activation="tanh", alpha=0.0, batch_size=None,
                         learning_rate=0.05, epochs=_epochs(epochs, 100 if quick else 300),
                         random_state=random_state)


def _digits_mlp(*, epochs=None, random_state=None, quick=False):
    return MLPClassifier((25,), activation="sigmoid", alpha=0.0, batch_size=None,
                         learning_rate=0.1, epochs=_epochs(epochs, 30 if quick else 100),
                         random_state=random_state)


def _softmax(*, epochs=None, random_state=None, quick=False):
    return SoftmaxRegression(learning_rate=0.5, batch_size=100,
                             epochs=_epochs(epochs, 5), random_state=random_state)


def _deep_net(*, epochs=None, random_state=None, quick=False):
    if quick:
        return DeepNetClassifier((64, 64), dropout=0.3, learning_rate=0.005,
                                 epochs=_epochs(epochs, 8), random_state=random_state)
    return DeepNetClassifier((256, 256), dropout=0.3, epochs=_epochs(epochs, 15),
                             random_state=random_state)


def _convnet(*, epochs=None, random_state=None, quick=False):
    if quick:  # 8x8 digits: three halvings leave 1x1
        return ConvNetClassifier((8, 16), dense_units=32, dropout=0.1, image_shape=(8, 8),
                                 learning_rate=0.01, batch_size=50,
                                 epochs=_epochs(epochs, 10), random_state=random_state)
    return ConvNetClassifier((32, 64, 128), dense_units=625, dropout=0.3,
                             image_shape=(28, 28), epochs=_epochs(epochs, 15),
                             random_state=random_state)


WINDOW = 7


def _lstm(*, epochs=None, random_state=None, quick=False):
    model = make_pipeline(
        MinMaxScaler(),
        SlidingWindow(WINDOW),
        LSTMRegressor(10, learning_rate=0.01, epochs=_epochs(epochs, 40 if quick else 500),
                      random_state=random_state),
    )
    # the target (tomorrow's Close) is scaled too, by the training targets only
    return TransformedTargetRegressor(regressor=model, transformer=MinMaxScaler())
