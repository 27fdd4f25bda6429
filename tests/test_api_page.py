"""The page's own files (api/page.py): compressed when the browser accepts gzip, the same bytes once decompressed,
revalidated by ETag, and nothing outside frontend/."""
import gzip

import pytest

from latent_explorer.layout import FRONTEND_DIR


@pytest.mark.parametrize("url, name", [("/", "index.html"), ("/js/main.js", "js/main.js"), ("/style.css", "style.css")])
def test_the_pages_text_files_are_sent_gzipped_when_accepted(client, url, name):
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    written = (FRONTEND_DIR / name).read_bytes()
    assert gzip.decompress(response.get_data()) == written and len(response.get_data()) < len(written) / 2
    assert client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}).status_code == 304


def test_without_gzip_the_files_are_sent_as_they_are(client):
    response = client.get("/js/main.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (FRONTEND_DIR / "js" / "main.js").read_bytes()
    assert response.mimetype == "text/javascript"  # ES modules load only with a JavaScript type


@pytest.mark.parametrize("url", ["/../setup.cfg", "/%2e%2e/setup.cfg", "/js/../../setup.cfg", "/nowhere.js"])
def test_nothing_outside_the_page_is_served_compressed_or_not(client, url):
    assert client.get(url, headers={"Accept-Encoding": "gzip"}).status_code == 404
