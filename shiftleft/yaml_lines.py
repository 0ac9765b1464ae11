"""Where a key sits in a YAML text, so config and policy errors can name the line."""

from __future__ import annotations

from collections.abc import Sequence

import yaml


def node_line(text: str, path: Sequence[str | int]) -> int | None:
    """The line of the node at ``path`` (mapping keys; list indexes as ints or digit
    strings), or of the deepest ancestor that exists; None when the text is not YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and str(part).isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            return line
    return line
