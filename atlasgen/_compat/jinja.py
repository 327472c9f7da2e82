"""Jinja: a template class whose output escaping is `escape_output`, and globals kept
in one dict. Both override Jinja 3.1 internals; tests/test_compat.py pins them.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from jinja2 import Environment, Template

from .markupsafe import escape_output


class AtlasTemplate(Template):
    """A template whose `{{ ... }}` escape with `escape_output`."""

    @classmethod
    def _from_namespace(
        cls,
        environment: Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        # Compiled code calls the module's `escape` (from jinja2.runtime) for output only.
        namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)


class AtlasEnvironment(Environment):
    """An environment that makes `AtlasTemplate`s with their globals in one dict."""

    template_class = AtlasTemplate

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's ChainMap over the environment's:
        every render copies them into its context and every `{% from ... import %}`
        compares their names, which a ChainMap does in Python, key by key. The
        environment's globals are all set before a template loads (as Jinja asks)."""
        return {**self.globals, **(d or {})}
