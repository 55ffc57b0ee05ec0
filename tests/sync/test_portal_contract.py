"""The simulator keeps the portal contract (sync/portal-openapi.yaml), checked by schemathesis."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sync.portal_simulator import PortalSimulator

CONTRACT = Path(__file__).resolve().parents[2] / "sync" / "portal-openapi.yaml"

schema = schemathesis.openapi.from_path(CONTRACT)

# A schema cannot say "the body hashes to the path", so random bytes under a random name are
# refused (422) although they are schema-valid: the acceptance check does not apply there.
UNGUESSABLE = {"PUT /api/v1/attachments/{sha256}"}


@pytest.fixture(scope="module")
def contract_portal(tmp_path_factory):
    sim = PortalSimulator(tmp_path_factory.mktemp("contract-portal"))
    sim.start()
    yield sim
    sim.stop()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_simulator_answers_every_operation_as_the_contract_says(case, contract_portal):
    excluded = [positive_data_acceptance] if case.operation.label in UNGUESSABLE else []
    case.call_and_validate(base_url=contract_portal.base_url, excluded_checks=excluded)
