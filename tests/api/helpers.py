"""Small helpers shared by the API tests."""
API = "/api/v1"
# Every anonymous read first reads the archive version stamp, its HTTP validator (reports/http_cache.py).
STAMP_QUERY = 1


def results(response):
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def all_pages(client, url, params=None):
    """Every row of a list, following ``next`` links (page numbers or cursors alike)."""
    rows = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content[:300]
        data = response.json()
        rows.extend(data["results"])
        if not data["next"]:
            return rows
        response = client.get(data["next"])
