"""Syncs CRM contacts into the warehouse every five minutes.

This file shows what HTTP Guard reports: see examples/README.md.
"""
import logging

import urllib3
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

CRM_URL = "https://crm.example.com/api/v3"

# 401 is in the list: an expired token is retried five times before anyone notices.
# 429 is in the list, but Retry-After is ignored, so throttling turns into more requests.
retries = Retry(
    total=5,
    backoff_factor=0.5,
    status_forcelist=[401, 429, 500, 502, 503, 504],
    allowed_methods=["GET", "POST"],
    respect_retry_after_header=False,
)

http = urllib3.PoolManager(retries=retries, timeout=urllib3.Timeout(connect=3.0, read=15.0))


def fetch_contacts_page(token, cursor=None):
    fields = {"limit": "200"}
    if cursor:
        fields["cursor"] = cursor
    response = http.request(
        "GET",
        f"{CRM_URL}/contacts",
        fields=fields,
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status != 200:
        log.error("contacts page failed: status=%s cursor=%s", response.status, cursor)
        raise RuntimeError(f"CRM returned {response.status}")
    return response.json()


def sync_contacts(token, warehouse):
    cursor = None
    while True:
        page = fetch_contacts_page(token, cursor)
        warehouse.upsert("contacts", page["results"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
