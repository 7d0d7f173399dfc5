"""Small frozen value classes without the cost of ``dataclasses`` at import.

``@dataclass(frozen=True)`` generates and compiles its methods when a module is imported:
about a millisecond per class, paid by every run of the pre-commit hook.  A ``Record``
subclass lists its fields in ``__slots__`` and writes its own ``__init__``; equality, hash,
repr, pickling and ``replace`` come from here and behave as a frozen dataclass's do.
"""
from __future__ import annotations

_set = object.__setattr__  # for __init__s: the frozen __setattr__ below refuses assignment


class Record:
    __slots__ = ()
    _hidden: tuple[str, ...] = ()  # fields left out of equality, hash and repr

    def _key(self) -> tuple:
        return tuple(getattr(self, f) for f in self.__slots__ if f not in self._hidden)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self):
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__slots__ if f not in self._hidden)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self):  # pickling (multiprocessing): rebuild through __init__
        return type(self), tuple(getattr(self, f) for f in self.__slots__)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return type(self)(*(__import__("copy").deepcopy(getattr(self, f), memo) for f in self.__slots__))


def replace(obj, **changes):
    """A copy of ``obj`` with some fields changed: ``dataclasses.replace`` for records too."""
    if isinstance(obj, Record):
        unknown = set(changes) - set(obj.__slots__)
        if unknown:
            raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
        return type(obj)(**{f: changes.get(f, getattr(obj, f)) for f in obj.__slots__})
    import dataclasses

    return dataclasses.replace(obj, **changes)
