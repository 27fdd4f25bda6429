"""``python -m latent_explorer``: the same as the ``latent-explorer`` command."""
import sys

from latent_explorer.cli import main

sys.exit(main())
