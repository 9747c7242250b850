"""Reading and writing files safely: hostile YAML refused with ``file:line``, writes atomic, answers locked.

Nothing here knows what a checklist or an answer is; it turns bytes into located data and
pydantic's complaints into :class:`~cxcheck.errors.Problem` lines.
"""
