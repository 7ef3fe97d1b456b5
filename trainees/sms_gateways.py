"""SMS backends for Aliyun SMS and Tencent Cloud SMS, through their official SDKs.

Name one in SMS_BACKEND (trainees.sms_gateways.AliyunSmsBackend or TencentSmsBackend);
credentials, sign name, endpoint and templates come from the environment
(training_site/settings/base.py, docs/deploy.md). Each backend makes one call and says what
the gateway answered; trainees.sms.GatewaySmsBackend picks the template and tries again.

Tried again: throttling of the API, the gateway's internal errors, a 5xx answer, a refused
or broken connection. Not tried again: anything about the number, the template or the
account (a second try would get the same answer), the gateway's per-number limits (they
count minutes and days, not seconds), and a timeout, since the gateway may have taken the
message and a second one would cost money and bring a second code.
"""

import json
from urllib.parse import urlsplit

import requests
from alibabacloud_dysmsapi20170525.client import Client as AliyunClient
from alibabacloud_dysmsapi20170525.models import SendSmsRequest as AliyunSendSmsRequest
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException, ThrottlingException
from alibabacloud_tea_openapi.models import Config as AliyunConfig
from darabonba.exceptions import UnretryableException as AliyunNetworkError
from tencentcloud.common.credential import Credential as TencentCredential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile as TencentClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile as TencentHttpProfile
from tencentcloud.sms.v20210111.models import SendSmsRequest as TencentSendSmsRequest
from tencentcloud.sms.v20210111.sms_client import SmsClient as TencentClient

from django.conf import settings

from trainees.sms import GatewayRefusal, GatewaySmsBackend, Sms


def _timed_out(error: BaseException | None) -> bool:
    """Whether a request failed for want of an answer in time. The SDKs wrap the network's
    exception in their own, which keep it as their cause, context or `inner_exception`."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, TimeoutError | requests.Timeout):
            return True
        seen.add(id(error))
        error = getattr(error, "inner_exception", None) or error.__cause__ or error.__context__
    return False


def network_refusal(error: BaseException) -> GatewayRefusal:
    # Our own words: the network's exception names the URL, which may hold the number.
    if _timed_out(error):
        return GatewayRefusal(
            "timeout", f"no answer within {settings.SMS_TIMEOUT:g} s", retry=False
        )
    return GatewayRefusal("unreachable", "could not reach the gateway", retry=True)


class AliyunSmsBackend(GatewaySmsBackend):
    """Aliyun (Alibaba Cloud) SMS, API version 2017-05-25, `SendSms`."""

    required_settings = {"SMS_ALIYUN": ("ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "ENDPOINT")}
    # Aliyun's codes that mean "later": its API's flow control and its own faults.
    RETRY_CODE_PREFIXES = ("Throttling", "ServiceUnavailable", "InternalError", "isp.SYSTEM_ERROR")

    def client(self) -> AliyunClient:
        conf = settings.SMS_ALIYUN
        endpoint = urlsplit(conf["ENDPOINT"])
        timeout_ms = int(settings.SMS_TIMEOUT * 1000)
        return AliyunClient(
            AliyunConfig(
                access_key_id=conf["ACCESS_KEY_ID"],
                access_key_secret=conf["ACCESS_KEY_SECRET"],
                endpoint=endpoint.netloc,
                protocol=endpoint.scheme,
                connect_timeout=timeout_ms,
                read_timeout=timeout_ms,
            )
        )

    def call_gateway(self, message: Sms, template: str) -> tuple[str, str]:
        request = AliyunSendSmsRequest(
            phone_numbers=message.phone.removeprefix("+86"),
            sign_name=settings.SMS_SIGN_NAME,
            template_code=template,
            template_param=json.dumps(message.params, ensure_ascii=False)
            if message.params
            else None,
        )
        try:
            body = self.client().send_sms(request).body
        except AlibabaCloudException as error:
            code = error.code or f"HTTP {error.status_code}"
            retry = (
                isinstance(error, ThrottlingException)
                or (error.status_code or 0) >= 500
                or code.startswith(self.RETRY_CODE_PREFIXES)
            )
            raise GatewayRefusal(code, error.message or "", retry=retry) from error
        except AliyunNetworkError as error:
            raise network_refusal(error) from error
        if body.code != "OK":
            retry = (body.code or "").startswith(self.RETRY_CODE_PREFIXES)
            raise GatewayRefusal(body.code or "", body.message or "", retry=retry)
        return body.code, body.message or ""


class TencentSmsBackend(GatewaySmsBackend):
    """Tencent Cloud SMS, API version 2021-01-11, `SendSms`."""

    required_settings = {
        "SMS_TENCENT": ("SECRET_ID", "SECRET_KEY", "SDK_APP_ID", "REGION", "ENDPOINT")
    }
    # Tencent's codes that mean "later"; the SDK's own for a 5xx answer and a lost connection.
    RETRY_CODE_PREFIXES = (
        "RequestLimitExceeded",
        "InternalError",
        "ServerNetworkError",
        "ClientNetworkError",
    )

    def client(self) -> TencentClient:
        conf = settings.SMS_TENCENT
        endpoint = urlsplit(conf["ENDPOINT"])
        http_profile = TencentHttpProfile(
            protocol=endpoint.scheme, endpoint=endpoint.netloc, reqTimeout=settings.SMS_TIMEOUT
        )
        return TencentClient(
            TencentCredential(conf["SECRET_ID"], conf["SECRET_KEY"]),
            conf["REGION"],
            TencentClientProfile(httpProfile=http_profile),
        )

    def call_gateway(self, message: Sms, template: str) -> tuple[str, str]:
        request = TencentSendSmsRequest()
        request.SmsSdkAppId = settings.SMS_TENCENT["SDK_APP_ID"]
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = template
        request.TemplateParamSet = list(message.params.values())
        request.PhoneNumberSet = [message.phone]
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            code = error.get_code() or ""
            if code == "ClientNetworkError":
                raise network_refusal(error) from error
            if code == "ServerNetworkError":
                # The SDK's message is the answer's whole body; the code says enough.
                raise GatewayRefusal(
                    code, "the gateway answered with an error", retry=True
                ) from error
            retry = code.startswith(self.RETRY_CODE_PREFIXES)
            raise GatewayRefusal(code, error.get_message() or "", retry=retry) from error
        [status] = response.SendStatusSet
        if status.Code != "Ok":
            retry = (status.Code or "").startswith(self.RETRY_CODE_PREFIXES)
            raise GatewayRefusal(status.Code or "", status.Message or "", retry=retry)
        return status.Code, status.Message or ""
