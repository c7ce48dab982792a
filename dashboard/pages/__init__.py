"""One module per page: its path and title, its layout (from the URL query), its callbacks."""

from dashboard.pages import entries, margins, not_found_404, overview, sources, targets, volumes

PAGES = (overview, volumes, targets, margins, entries, sources, not_found_404)
