"""The one error a flow file can raise while it loads.

It lives apart from the loader so that the YAML reader (which the loader uses) can raise it
without importing the loader back.
"""

from __future__ import annotations

from agent.errors import InvalidInput


class FlowError(InvalidInput):
    """A flow file is malformed or binds a path its procedure does not have."""
