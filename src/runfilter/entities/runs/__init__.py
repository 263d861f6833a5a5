"""What flow runs and task runs share: Prefect's states, the state columns, derived times, history.

Not a record kind of its own: :mod:`runfilter.entities.flow_runs` and
:mod:`runfilter.entities.task_runs` are the kinds; this package holds the
parts they have in common.
"""
