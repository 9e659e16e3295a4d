"""Entry point of the frozen program: the same command line as ``python -m reportdesk``.

PyInstaller freezes this script into ``reportdesk`` (and, on Windows, the console twin
``reportdesk-cli.exe``); without arguments it opens the wizard, with a command it runs it.
"""

import sys

from reportdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
