"""The Host check: IP addresses, localhost and the allowed names are answered; any other name is refused with the fix."""
import pytest

from latent_explorer.api.host_check import host_name
from latent_explorer.app import create_app


@pytest.mark.parametrize("host, name", [("127.0.0.1:5000", "127.0.0.1"), ("[::1]:5000", "::1"), ("LocalHost", "localhost"),
                                        ("class.local:80", "class.local"), ("::1", "::1"), ("10.0.0.7", "10.0.0.7")])
def test_host_name_drops_the_port_and_brackets(host, name):
    assert host_name(host) == name


@pytest.mark.parametrize("host", ["127.0.0.1:5000", "[::1]:8000", "localhost:5000", "192.168.1.20:5000", "localhost"])
def test_addresses_and_localhost_are_answered(client, host):
    assert client.get("/api/datasets", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("url", ["/", "/api/datasets", "/api/datasets/mnist/samples/3"])
def test_a_rebound_name_is_refused_on_the_page_and_the_api(client, url):
    """DNS rebinding: a page on evil.example points its name at this server; the browser still says evil.example."""
    response = client.get(url, headers={"Host": "evil.example:5000"})
    assert response.status_code == 400
    assert "--allow-host evil.example" in response.get_json()["error"]
    assert client.post("/api/datasets/mnist/decode", json={"points": [[0, 0, 0]]},
                       headers={"Host": "evil.example"}).status_code == 400  # the fast path is behind the check too


def test_an_allowed_name_is_answered(pipeline):
    client = create_app({**pipeline, "ALLOWED_HOSTS": ["Class.Local"]}).test_client()
    assert client.get("/api/datasets", headers={"Host": "class.local:5000"}).status_code == 200
    assert client.get("/api/datasets", headers={"Host": "other.local"}).status_code == 400
