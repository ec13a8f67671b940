"""Public read-only explorer: Chinese pages at the site root whose data the browser fetches from /api/v1/."""
