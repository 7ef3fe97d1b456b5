"""Local stand-ins for the Aliyun and Tencent Cloud SMS APIs, on 127.0.0.1 and a free port.

Each reads the request as the gateway would (the action and version headers, the signing
key's id in Authorization, the parameters where the SDK puts them) and answers, in turn,
with the scripted `answers`, in the gateway's own shapes:

- "ok": the message is taken;
- "throttled": the API's flow control (try again);
- "refused": a permanent refusal about the number (do not try again);
- "limited": the gateway's per-number limit (do not try again);
- "error": HTTP 500 with the gateway's internal error;
- "hang": no answer until the server is stopped.

Once the script is used up, the last answer repeats.
"""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Received:
    at: float  # time.monotonic()
    action: str
    key_id: str  # the access key or secret id named in Authorization
    params: dict


@dataclass
class FakeGateway:
    answers: list[str] = field(default_factory=lambda: ["ok"])
    received: list[Received] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def next_answer(self) -> str:
        index = min(len(self.received) - 1, len(self.answers) - 1)
        return self.answers[index]


class _Handler(BaseHTTPRequestHandler):
    gateway: FakeGateway

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _hang(self) -> None:
        self.gateway.stopped.wait(30)


def _key_id(authorization: str) -> str:
    # "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=..." or "TC3-HMAC-SHA256 Credential=<id>/..."
    credential = authorization.split("Credential=", 1)[-1]
    return credential.split(",", 1)[0].split("/", 1)[0]


class AliyunHandler(_Handler):
    """POST / with the parameters in the query string (RPC style, ACS3 signature)."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        params = dict(parse_qsl(urlsplit(self.path).query)) | dict(parse_qsl(body))
        self.gateway.received.append(
            Received(
                at=time.monotonic(),
                action=f"{self.headers['x-acs-action']} {self.headers['x-acs-version']}",
                key_id=_key_id(self.headers.get("Authorization", "")),
                params=params,
            )
        )
        request_id = "F655A8D5-B967-440B-8683-DAD6FF8DE990"
        match self.gateway.next_answer():
            case "ok":
                self._answer(
                    200,
                    {"Code": "OK", "Message": "OK", "BizId": "9006197469364984^0",
                     "RequestId": request_id},
                )  # fmt: skip
            case "throttled":
                self._answer(
                    400,
                    {"Code": "Throttling.User",
                     "Message": "Request was denied due to user flow control.",
                     "RequestId": request_id},
                )  # fmt: skip
            case "refused":
                # The gateway repeats the number it refuses.
                number = params.get("PhoneNumbers", "")
                self._answer(
                    200,
                    {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": f"非法手机号 {number}",
                     "RequestId": request_id},
                )  # fmt: skip
            case "limited":
                self._answer(
                    200,
                    {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控Permits:10",
                     "RequestId": request_id},
                )  # fmt: skip
            case "error":
                self._answer(
                    500,
                    {"Code": "InternalError",
                     "Message": "The request processing has failed due to some unknown error.",
                     "RequestId": request_id},
                )  # fmt: skip
            case "hang":
                self._hang()


class TencentHandler(_Handler):
    """POST / with a JSON body (TC3-HMAC-SHA256 signature); errors come back with HTTP 200."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        params = json.loads(self.rfile.read(length) or b"{}")
        self.gateway.received.append(
            Received(
                at=time.monotonic(),
                action=f"{self.headers['X-TC-Action']} {self.headers['X-TC-Version']}",
                key_id=_key_id(self.headers.get("Authorization", "")),
                params=params,
            )
        )
        request_id = "a0aabda6-cf91-4f3e-a81f-9198114a2279"
        phone = (params.get("PhoneNumberSet") or [""])[0]

        def status(code: str, message: str) -> dict:
            return {
                "Response": {
                    "SendStatusSet": [
                        {"SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": phone,
                         "Fee": 1, "SessionContext": "", "Code": code, "Message": message,
                         "IsoCode": "CN"}
                    ],
                    "RequestId": request_id,
                }
            }  # fmt: skip

        match self.gateway.next_answer():
            case "ok":
                self._answer(200, status("Ok", "send success"))
            case "throttled":
                self._answer(
                    200,
                    {"Response": {"Error": {"Code": "RequestLimitExceeded",
                                            "Message": "请求的次数超过了频率限制。"},
                                  "RequestId": request_id}},
                )  # fmt: skip
            case "refused":
                self._answer(
                    200, status("InvalidParameterValue.IncorrectPhoneNumber", f"{phone} 号码有误")
                )
            case "limited":
                self._answer(
                    200,
                    status(
                        "LimitExceeded.PhoneNumberDailyLimit",
                        "the number of sms messages sent from a single mobile number every day "
                        "exceeds the upper limit",
                    ),
                )
            case "error":
                self._answer(
                    500,
                    {"Response": {"Error": {"Code": "InternalError", "Message": "内部错误。"},
                                  "RequestId": request_id}},
                )  # fmt: skip
            case "hang":
                self._hang()


class running:
    """`with running(AliyunHandler, answers) as (gateway, url):` a fake gateway on a free port."""

    def __init__(self, handler: type[_Handler], answers: list[str]):
        self.gateway = FakeGateway(answers=answers)
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), type("Bound", (handler,), {"gateway": self.gateway})
        )
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> tuple[FakeGateway, str]:
        self.thread.start()
        host, port = self.server.server_address
        return self.gateway, f"http://{host}:{port}"

    def __exit__(self, *exc_info):
        self.gateway.stopped.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def closed_port_url() -> str:
    """An address on which nothing listens: a port just freed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
