from keras_lectures.cli import main

raise SystemExit(main())
