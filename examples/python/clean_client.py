"""Shipping API client: the patterns HTTP Guard looks for, done right.

Checking this file reports nothing. See examples/README.md.
"""
import logging
import random
import time
import uuid
from email.utils import parsedate_to_datetime

import requests

log = logging.getLogger(__name__)

SHIPPING_URL = "https://shipping.example.com/v1"
TIMEOUT = (3.05, 15)  # connect, read (seconds)
MAX_ATTEMPTS = 5
BASE_DELAY = 0.25
MAX_DELAY = 20.0
RETRYABLE = {408, 429, 500, 502, 503, 504}


class ShippingError(Exception):
    def __init__(self, message, status=None, request_id=None):
        super().__init__(message)
        self.status = status
        self.request_id = request_id


def _retry_after(response):
    """Seconds to wait from Retry-After (seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _backoff(attempt):
    """Full jitter: a random wait between 0 and the capped exponential delay."""
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt))


def create_shipment(session, shipment):
    # One key for every attempt, so a retry after a timeout cannot ship twice.
    idempotency_key = str(uuid.uuid4())
    for attempt in range(1, MAX_ATTEMPTS + 1):
        started = time.monotonic()
        try:
            response = session.post(
                f"{SHIPPING_URL}/shipments",
                json=shipment,
                headers={"Idempotency-Key": idempotency_key},
                timeout=TIMEOUT,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            log.warning("POST /shipments failed: attempt=%d elapsed=%.1fs error=%s", attempt, time.monotonic() - started, exc)
            if attempt == MAX_ATTEMPTS:
                raise
            time.sleep(_backoff(attempt))
            continue

        if response.ok:
            return response.json()

        request_id = response.headers.get("X-Request-Id")
        if response.status_code in (401, 403):
            # Credentials or permissions: no retry fixes that.
            raise ShippingError(f"POST /shipments refused with {response.status_code}", response.status_code, request_id)
        if response.status_code not in RETRYABLE or attempt == MAX_ATTEMPTS:
            raise ShippingError(f"POST /shipments failed with {response.status_code}", response.status_code, request_id)

        delay = _retry_after(response)
        if delay is None:
            delay = _backoff(attempt)
        log.warning("POST /shipments will be retried: status=%d request_id=%s attempt=%d wait=%.2fs", response.status_code, request_id, attempt, delay)
        time.sleep(min(delay, MAX_DELAY))
    raise ShippingError("POST /shipments: attempts exhausted")


def get_tracking(session, tracking_number):
    response = session.get(f"{SHIPPING_URL}/tracking/{tracking_number}", timeout=TIMEOUT)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()
