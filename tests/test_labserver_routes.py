"""Every route of the lab server answers as documented, and every bad value gets a JSON 4xx."""

from __future__ import annotations

import pytest
import requests

from autograder.labserver import MAX_BYTES, MAX_SECONDS, LabServer, Latency
from autograder.labserver.routes import delay_seconds, random_bytes, rechunk

TIMEOUT = 10  # seconds: loopback answers in milliseconds; this only prevents a hang


def get(server: LabServer, path: str, **kwargs: object) -> requests.Response:
    return requests.get(f"{server.url}{path}", timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]


def assert_json_error(response: requests.Response, status: int, *words: str) -> None:
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    for word in words:
        assert word in body["error"]


def test_delay_answers_json_with_id_and_timing(lab_server: LabServer) -> None:
    response = get(lab_server, "/delay/0.2")
    assert response.status_code == 200
    body = response.json()
    assert body["delay"] == body["requested_delay"] == 0.2
    assert body["elapsed"] >= 0.2
    assert body["finished"] - body["started"] >= 0.2
    assert body["latency"] == 0.0
    assert str(body["id"]) == response.headers["X-Request-Id"]
    assert get(lab_server, "/delay/0").json()["id"] > body["id"]


def test_delay_accepts_integers_and_floats(lab_server: LabServer) -> None:
    assert get(lab_server, "/delay/0").json()["delay"] == 0
    assert get(lab_server, "/delay/0.01").json()["delay"] == 0.01


def test_delay_is_capped() -> None:
    assert delay_seconds("1.5") == (1.5, 1.5)
    assert delay_seconds("1000") == (1000.0, MAX_SECONDS)


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf", "1e400", "1,5", "%20"])
def test_delay_rejects_bad_values(lab_server: LabServer, value: str) -> None:
    assert_json_error(get(lab_server, f"/delay/{value}"), 400, "delay")


@pytest.mark.parametrize("code", [200, 201, 302, 400, 404, 418, 500, 503, 599])
def test_status_answers_with_that_code(lab_server: LabServer, code: int) -> None:
    response = get(lab_server, f"/status/{code}", allow_redirects=False)
    assert response.status_code == code
    assert response.json()["status"] == code


@pytest.mark.parametrize("code", [204, 304])
def test_status_without_body(lab_server: LabServer, code: int) -> None:
    response = get(lab_server, f"/status/{code}")
    assert response.status_code == code
    assert response.content == b""


def test_status_1xx_closes_the_connection_instead_of_hanging(lab_server: LabServer) -> None:
    with pytest.raises(requests.ConnectionError):
        get(lab_server, "/status/100")
    assert get(lab_server, "/status/200").status_code == 200  # and the server carries on


@pytest.mark.parametrize("value", ["99", "600", "-200", "abc", "2.5", "1000"])
def test_status_rejects_codes_outside_100_599(lab_server: LabServer, value: str) -> None:
    assert_json_error(get(lab_server, f"/status/{value}"), 400, "status code")


@pytest.mark.parametrize("n", [0, 1, 1000, 200_003])
def test_bytes_sends_n_bytes(lab_server: LabServer, n: int) -> None:
    response = get(lab_server, f"/bytes/{n}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert len(response.content) == n


def test_bytes_with_a_seed_are_reproducible(lab_server: LabServer) -> None:
    first = get(lab_server, "/bytes/5000?seed=7").content
    assert get(lab_server, "/bytes/5000?seed=7").content == first
    assert get(lab_server, "/bytes/5000?seed=8").content != first
    assert get(lab_server, "/bytes/5000").content != get(lab_server, "/bytes/5000").content


def test_bytes_streamed_in_chunks_are_the_same_bytes(lab_server: LabServer) -> None:
    whole = get(lab_server, "/bytes/300001?seed=3").content
    response = get(lab_server, "/bytes/300001?seed=3&chunk_size=1000", stream=True)
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert b"".join(response.iter_content(chunk_size=None)) == whole


def test_bytes_are_capped(lab_server: LabServer) -> None:
    assert len(get(lab_server, f"/bytes/{MAX_BYTES * 3}").content) == MAX_BYTES


def test_random_bytes_do_not_depend_on_how_they_are_cut() -> None:
    whole = b"".join(random_bytes(200_001, seed=1))
    for size in (1, 3, 4096, 65_537, 300_000):
        pieces = list(rechunk(random_bytes(200_001, seed=1), size))
        assert b"".join(pieces) == whole
        assert all(len(p) == size for p in pieces[:-1])


@pytest.mark.parametrize(
    ("path", "word"),
    [
        ("/bytes/-1", "number of bytes"),
        ("/bytes/ten", "number of bytes"),
        ("/bytes/10?chunk_size=0", "chunk_size"),
        ("/bytes/10?chunk_size=x", "chunk_size"),
        (f"/bytes/10?chunk_size={10**9}", "chunk_size"),
        ("/bytes/10?seed=-1", "seed"),
        ("/bytes/10?seed=abc", "seed"),
    ],
)
def test_bytes_rejects_bad_values(lab_server: LabServer, path: str, word: str) -> None:
    assert_json_error(get(lab_server, path), 400, word)


def test_headers_echoes_the_request_headers(lab_server: LabServer) -> None:
    response = get(lab_server, "/headers", headers={"X-Course": "asyncio", "User-Agent": "student/1.0"})
    headers = response.json()["headers"]
    assert headers["X-Course"] == "asyncio"
    assert headers["User-Agent"] == "student/1.0"
    assert headers["Host"] == lab_server.url.removeprefix("http://")


@pytest.mark.parametrize(
    "path", ["/", "/dealy/1", "/delay/", "/delay/1/2", "/status", "/bytes/1/x", "/%zz", "/../etc/passwd"]
)
def test_unknown_paths_get_a_json_404_that_lists_the_routes(lab_server: LabServer, path: str) -> None:
    assert_json_error(get(lab_server, path), 404, "no such route", "/delay/{seconds}")


def test_wrong_method_gets_a_json_405(lab_server: LabServer) -> None:
    response = requests.post(f"{lab_server.url}/delay/0", timeout=TIMEOUT)
    assert_json_error(response, 405)
    assert "GET" in response.headers["Allow"]
    assert_json_error(get(lab_server, "/stats/reset"), 405)


def test_latency_is_added_to_every_route() -> None:
    with LabServer(latency=0.2, jitter=0.1) as server:
        for path in ("/delay/0", "/delay/0.1"):
            body = get(server, path).json()
            assert 0.2 <= body["latency"] <= 0.3
            assert body["elapsed"] >= body["latency"] + body["delay"]
        assert get(server, "/status/418").elapsed.total_seconds() >= 0.2
        assert get(server, "/nope").elapsed.total_seconds() >= 0.2


@pytest.mark.parametrize(("fixed", "jitter"), [(-1, 0), (0, -0.5), (float("nan"), 0), (0, float("inf")), (25, 10)])
def test_latency_settings_are_checked(fixed: float, jitter: float) -> None:
    with pytest.raises(ValueError, match="latency|jitter"):
        Latency(fixed, jitter)
