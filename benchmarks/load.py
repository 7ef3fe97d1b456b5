"""A small, bounded load generator: a few keep-alive connections to 127.0.0.1 for a fixed time."""

import http.client
import threading
import time
from dataclasses import dataclass

LOCAL_HOST = "127.0.0.1"


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _hammer(port: int, path: str, stop_at: float, counts: list[int], slot: int) -> None:
    connection = http.client.HTTPConnection(LOCAL_HOST, port, timeout=10)
    done = errors = 0
    while time.monotonic() < stop_at:
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
    connection.close()
    counts[2 * slot], counts[2 * slot + 1] = done, errors


def requests_per_second(*, port: int, path: str, seconds: float, connections: int) -> LoadResult:
    """GET `path` on 127.0.0.1:`port` over `connections` keep-alive connections for `seconds`."""
    counts = [0] * (2 * connections)
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=_hammer, args=(port, path, stop_at, counts, slot))
        for slot in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return LoadResult(requests=sum(counts[0::2]), errors=sum(counts[1::2]), seconds=elapsed)
