"""Parse YAML and remember where each node came from, so errors can say ``file:line``.

Every YAML file the tool reads (rulebooks, configurations, suppressions) may come from a
cloned repository, so it is parsed defensively: aliases may not blow the document up (a
"billion laughs" is a few hundred bytes that expand to gigabytes), and a value PyYAML cannot
build, such as the impossible date ``2027-02-30``, is an error at its line.

PyYAML is imported on first use: a run whose rulebook is cached and whose repository has no
YAML configuration never needs it.
"""
from __future__ import annotations

from .errors import UserError

# A document may expand through its aliases to this many nodes beyond its own; real files
# reuse a few lists, a bomb multiplies them.
EXPANSION_FACTOR = 10
EXPANSION_SLACK = 10_000

_loader = None


def _yaml():
    global _loader
    import yaml

    if _loader is None:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Loader(base):
            """The safe loader, with impossible dates reported at their line."""

        def timestamp(loader, node):
            try:
                return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError) as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, f"not a valid date or time: {node.value!r} ({exc})",
                    node.start_mark) from None

        Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        _loader = Loader
    return yaml, _loader


def load(text: str, name: str):
    """The YAML data of ``text``; a syntax error becomes ``name:line: message``."""
    yaml, Loader = _yaml()
    loader = None
    try:
        loader = Loader(text)  # the pure-Python reader checks characters already here
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, name, yaml)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise UserError(f"{name}:{line}: invalid YAML: {exc.problem or exc}") from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, max(0, exc.position)) + 1
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise UserError(f"{name}:{line}: invalid YAML: character {what} is not allowed") from None
    except yaml.YAMLError as exc:
        raise UserError(f"{name}:1: invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise UserError(f"{name}:1: invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def _check_expansion(root, name: str, yaml) -> None:
    """Refuse a document whose aliases make it many times larger than it is written, or
    that contains itself.

    Counts, without building anything, how many nodes the document has once every alias is
    replaced by a copy of its anchor: a shared node counts once per use."""
    def kids(node):
        if isinstance(node, yaml.MappingNode):
            return [n for pair in node.value for n in pair]
        if isinstance(node, yaml.SequenceNode):
            return node.value
        return ()

    def fail(node, why):
        raise UserError(f"{name}:{node.start_mark.line + 1}: invalid YAML: {why}")

    size: dict[int, int] = {}  # id -> expanded size, once a node is finished
    open_: set[int] = set()  # nodes on the current path: meeting one again is a cycle
    stack = [(root, iter(kids(root)))]
    open_.add(id(root))
    distinct = 1
    expanded = []  # (node, size) in the order nodes finish, for the limit check below
    while stack:
        node, it = stack[-1]
        kid = next(it, None)
        if kid is None:
            stack.pop()
            open_.discard(id(node))
            total = 1 + sum(size[id(k)] for k in kids(node))
            size[id(node)] = total
            expanded.append((node, total))
            continue
        if id(kid) in open_:
            fail(kid, "an alias refers to a node that contains it")
        if id(kid) not in size:
            distinct += 1
            open_.add(id(kid))
            stack.append((kid, iter(kids(kid))))
    limit = EXPANSION_FACTOR * distinct + EXPANSION_SLACK
    if size[id(root)] > limit:  # report the first (innermost) node that is too big
        node = next(n for n, total in expanded if total > limit)
        fail(node, f"aliases expand the document to more than {limit} nodes")


def line_of(text: str, path) -> int:
    """1-based line of the node at ``path`` (keys and list indexes) in YAML ``text``."""
    return Lines(text).of(path)


class Lines:
    """``line_of`` for many paths of one text: the YAML is composed once, on the first ask."""

    def __init__(self, text: str):
        self.text = text
        self._root = None
        self._composed = False

    def of(self, path) -> int:
        if not self._composed:
            yaml, Loader = _yaml()
            try:
                self._root = yaml.compose(self.text, Loader=Loader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
            self._composed = True
        if self._root is None:
            return 1
        return _line_in(self._root, path)


def _line_in(node, path) -> int:
    yaml, _ = _yaml()
    line = node.start_mark.line
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
