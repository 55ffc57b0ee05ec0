"""The simulator keeps the portal contract (sync/portal-openapi.yaml), checked by schemathesis.

The simulator runs as the real portal would: it refuses unenrolled kiosks. Every call carries
the credential of an enrolled kiosk, and schemathesis' own auth check probes each operation
without it and with a wrong one (both must be refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sync.portal_client import PortalClient
from sync.portal_simulator import PortalSimulator

CONTRACT = Path(__file__).resolve().parents[2] / "sync" / "portal-openapi.yaml"

schema = schemathesis.openapi.from_path(CONTRACT)

# A schema cannot say "the body hashes to the path", so random bytes under a random name are
# refused (422) although they are schema-valid; nor "the path names the credential's own
# kiosk", so a heartbeat for a random kiosk id is refused (403). The acceptance check does
# not apply there.
UNGUESSABLE = {"PUT /api/v1/attachments/{sha256}", "POST /api/v1/kiosks/{kiosk_id}/heartbeat"}


@pytest.fixture(scope="module")
def contract_portal(tmp_path_factory):
    sim = PortalSimulator(tmp_path_factory.mktemp("contract-portal"))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def credential(contract_portal):
    client = PortalClient(contract_portal.base_url)
    enrolment = client.enrol(contract_portal.issue_enrolment_code())
    client.close()
    assert isinstance(enrolment, tuple)
    return enrolment[1]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_simulator_answers_every_operation_as_the_contract_says(
    case, contract_portal, credential
):
    excluded = [positive_data_acceptance] if case.operation.label in UNGUESSABLE else []
    case.call_and_validate(
        base_url=contract_portal.base_url,
        headers={"Authorization": f"Bearer {credential}"},
        excluded_checks=excluded,
    )
