"""Parse YAML and remember where each node came from, so errors can say ``file:line``.

PyYAML is imported on first use: a run whose rulebook is cached and whose repository has no
YAML configuration never needs it.
"""
from __future__ import annotations

from .errors import UserError


def _yaml():
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, name: str):
    """The YAML data of ``text``; a syntax error becomes ``name:line: message``."""
    yaml, Loader = _yaml()
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise UserError(f"{name}:{line}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"{name}:1: invalid YAML: {exc}") from None


def line_of(text: str, path) -> int:
    """1-based line of the node at ``path`` (keys and list indexes) in YAML ``text``."""
    yaml, Loader = _yaml()
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return 1
    line = node.start_mark.line if node else 0
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    line, node = k.start_mark.line, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line
        else:
            break
    return line + 1
