"""The work behind each ``keras-lectures`` subcommand, one module per command.

Every module has ``run(args) -> int`` taking the parsed arguments from
:func:`keras_lectures.cli.build_parser`. They raise
:class:`~keras_lectures.commands._common.CommandError` for errors the user can
fix; :func:`keras_lectures.cli.main` prints those as one line.
"""
