"""Prefect's HTTP API as functions: routes, parameters, dispatch, the handlers routes are made of.

* :mod:`.routes` — Prefect 3.9.1's whole route table, to answer 404/405/501 as its router would;
* :mod:`.route` — what a served route is (:class:`~.route.Route`), and a handler's context;
* :mod:`.params` — body and query parameters, validated the way FastAPI validates Prefect's;
* :mod:`.handlers` — list, count, paginate, history, read one: what the kinds' routes are made of;
* :mod:`.filter_params` — which filter body keys each family of routes takes;
* :mod:`.static` — the routes that answer fixed facts about a Prefect server (health, version, CSRF);
* :mod:`.dispatch` — every served route (each kind's ``entities/<kind>/endpoints.py``), matching,
  answering.

The HTTP layers (:mod:`runfilter.asgi`, :mod:`runfilter.server`, :mod:`runfilter.transport`) and
:meth:`runfilter.Store.request` all answer through :func:`.dispatch.answer`.
"""
