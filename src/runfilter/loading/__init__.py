"""Loading datasets: dataset items → validated records, all or nothing.

* :mod:`.dataset` — :func:`~.dataset.build_batch`: a whole dataset, kind by
  kind in load order, then the checks that span kinds;
* :mod:`.batch` — the bookkeeping every kind's loader shares (ids,
  references, unique keys, errors that name the item and field);
* :mod:`.columns` — reading an item's columns through their codecs, and the
  loader of kinds that derive nothing.

The kinds' own loaders live in their folders (``entities/<kind>/load.py``).
"""
