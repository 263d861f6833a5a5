"""``python -m runfilter``: the same command line as the ``runfilter`` script."""

from .cli import main

raise SystemExit(main())
