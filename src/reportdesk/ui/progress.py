"""The wizard's steps and their states now live in :mod:`reportdesk.steps` (Qt-free, used by
the edit operations too); this name stays for the wizard's modules that import it."""

from ..steps import *  # noqa: F401,F403
from ..steps import __all__  # noqa: F401
