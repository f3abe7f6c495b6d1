"""``new_row(Model, **values)``: ``Model(**values)`` for the rows a new request writes, made
without Django's general constructor.

Opening a request makes six model instances (the request, its first message and event, the
key's record, the notification, the insights event). ``Model.__init__`` takes keyword arguments
the slow way (a ``pop`` and an exception per field left to its default, a descriptor call per
field), which was a tenth of an API create's CPU (docs/performance.md, "The API create before
Django"). ``new_row`` does the same per model from a plan made once: each field's value or its
default (the same default function, called in the same order and only for fields not given),
related objects cached and the instance's database chosen as ``ForwardManyToOneDescriptor``
does. A model it cannot mirror (``pre_init``/``post_init`` receivers, private fields, a field
with a descriptor of its own, a one-to-one field) and any call it does not recognise (an unknown
name, a property, both a relation and its id, an object of another model) go to
``Model(**values)``. ``tests/core/test_new_rows.py`` holds the two equal.
"""

from typing import Any, NamedTuple, TypeVar

from django.db import router
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=Model)


class _Field(NamedTuple):
    attname: str
    default: Any  # the field's own default function (no argument)
    # For a foreign key: its name (where an object is passed), the related model and the
    # attribute of the related object that the key holds.
    name: str | None = None
    related_model: Any = None
    target_attname: str | None = None


class _Plan(NamedTuple):
    fields: tuple[_Field, ...]
    names: frozenset[str]  # every keyword the plan takes


_plans: dict[type, _Plan | None] = {}


def new_row(model: type[M], /, **values: Any) -> M:
    """``model(**values)`` (the module says how, and when it is exactly that)."""
    plan = _plans.get(model, False)
    if plan is False:
        plan = _plans[model] = _plan(model)
    if plan is None or not plan.names.issuperset(values):
        return model(**values)
    instance = model.__new__(model)
    state = instance._state = ModelState()
    stored = instance.__dict__
    for field in plan.fields:
        if field.name is not None and field.name in values:
            if field.attname in values:
                return model(**values)  # both: Django decides
            related = values[field.name]
            if related is None:
                stored[field.attname] = None
            elif isinstance(related, field.related_model):
                stored[field.attname] = getattr(related, field.target_attname)
                if state.db is None:
                    state.db = router.db_for_write(model, instance=related)
                if related._state.db is None:
                    related._state.db = router.db_for_write(type(related), instance=instance)
                if not router.allow_relation(related, instance):
                    return model(**values)
            else:
                return model(**values)  # Django's error
            state.fields_cache[field.name] = related
        else:
            value = values[field.attname] if field.attname in values else field.default()
            stored[field.attname] = value
            if field.name is not None and value is not None:
                # Django sets a foreign key's id through its descriptor, which looks at (and so
                # makes) the cache of related objects when the id changes.
                state.fields_cache  # noqa: B018
    return instance


def _plan(model: type[Model]) -> _Plan | None:
    opts = model._meta
    if (
        opts.abstract
        or opts.private_fields
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return None
    fields, names = [], set()
    for field in opts.fields:
        if field.column is None or field.generated:
            continue
        descriptor = type(model.__dict__.get(field.attname))
        if field.is_relation:
            if (
                field.one_to_one
                or not field.many_to_one
                or len(field.related_fields) != 1
                or descriptor is not ForeignKeyDeferredAttribute
            ):
                return None
            _, target = field.related_fields[0]
            fields.append(
                _Field(
                    field.attname,
                    field.get_default,
                    field.name,
                    field.remote_field.model._meta.concrete_model,
                    target.attname,
                )
            )
            names.update({field.name, field.attname})
        else:
            if descriptor is not DeferredAttribute:
                return None
            fields.append(_Field(field.attname, field.get_default))
            names.add(field.attname)
    return _Plan(tuple(fields), frozenset(names))
