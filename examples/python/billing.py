"""Billing API client used by the nightly invoicing job.

This file shows what HTTP Guard reports: see examples/README.md.
"""
import logging
import os

import requests
from tenacity import retry

log = logging.getLogger(__name__)

BILLING_URL = os.environ.get("BILLING_URL", "https://billing.internal.example.com")
API_TOKEN = os.environ.get("BILLING_API_TOKEN", "")

session = requests.Session()
session.headers.update({"Authorization": f"Bearer {API_TOKEN}"})


def get_invoice(invoice_id):
    # No timeout: if the billing service hangs, the nightly job hangs with it.
    response = requests.get(
        f"{BILLING_URL}/v1/invoices/{invoice_id}",
        headers={"Authorization": f"Bearer {API_TOKEN}"},
    )
    response.raise_for_status()
    return response.json()


@retry
def fetch_usage(account_id, period):
    # Bare @retry: no stop, no wait. A 401 from a revoked token is retried forever, at full speed.
    response = session.get(f"{BILLING_URL}/v1/accounts/{account_id}/usage", params={"period": period}, timeout=10)
    response.raise_for_status()
    return response.json()["items"]


def mark_invoice_sent(invoice_id):
    try:
        response = session.post(f"{BILLING_URL}/v1/invoices/{invoice_id}/send", timeout=10)
        response.raise_for_status()
    except:
        pass


def outstanding_balance(account_id):
    response = session.get(f"{BILLING_URL}/v1/accounts/{account_id}/balance", timeout=10)
    # A 403 body is {"error": "forbidden"}: .get() turns it into a balance of 0.
    return response.json().get("outstanding", 0)
