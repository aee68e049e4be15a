"""Where data files are kept."""

import os

__all__ = ["get_data_home"]


def get_data_home(data_home=None):
    """Return the folder that holds downloaded data files.

    Like :func:`sklearn.datasets.get_data_home`, but defaulting to the Keras
    cache so that files Keras already downloaded (``mnist.npz``,
    ``fashion-mnist/``) are found and reused.

    Parameters
    ----------
    data_home : str or path-like, default=None
        The folder to use. When None: the environment variable
        ``KERAS_LECTURES_DATA`` if set, else ``$KERAS_HOME/datasets`` with
        ``KERAS_HOME`` defaulting to ``~/.keras``.

    Returns
    -------
    data_home : str
        The folder's path, with ``~`` expanded. It is not created here: the
        first download creates it.

    Raises
    ------
    NotADirectoryError
        If the path exists and is not a folder (a file given by mistake).
    """
    if data_home is None:
        data_home = os.environ.get("KERAS_LECTURES_DATA")
    if not data_home:
        keras_home = os.environ.get("KERAS_HOME") or os.path.join("~", ".keras")
        data_home = os.path.join(keras_home, "datasets")
    data_home = os.path.expanduser(os.fspath(data_home))
    if os.path.exists(data_home) and not os.path.isdir(data_home):
        raise NotADirectoryError(
            f"The data home {data_home} is a file, not a folder: point data_home "
            "(--data-home, KERAS_LECTURES_DATA) at the folder that holds the data files."
        )
    return data_home
