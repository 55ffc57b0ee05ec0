"""Faults the portal simulator can inject, chosen at random per request from a SPEC string.

SPEC grammar (the one place it is documented; ``kiosk portal-sim --help`` prints it)::

    SPEC  := ITEM ("," ITEM)*          e.g. "503=0.1,429=0.05:2,drop=0.05,latency=0.2:300ms"
    ITEM  := NAME "=" PROBABILITY [":" PARAM]  |  "seed=" INTEGER

    500        answer 500 (problem details) without filing anything
    503        answer 503 with Retry-After (PARAM: seconds, default 1) without filing anything
    429        answer 429 with Retry-After (PARAM: seconds, default 1) without filing anything
    drop       file the request, then close the connection without any answer
    truncate   file the request, then send only half of the answer's body and close
    malformed  file the request, then answer 2xx with a body that is not JSON
    latency    wait PARAM (e.g. 300ms, 1.5s; default 300ms) before handling; combines with
               any of the above
    seed       seed of the simulator's random draws, for runs that repeat exactly

Every probability is in [0, 1]; those of 500/503/429/drop/truncate/malformed are exclusive
(one draw decides which, if any) and must add up to at most 1. ``latency`` is drawn on its
own. Faults apply to ``/api/v1/...`` only, never to ``/health`` or ``/sim/...``. The faults
that strike after filing (drop, truncate, malformed) are the ones that test idempotency: the
portal has the dossier, the kiosk does not know it yet.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum

SPEC_HELP = __doc__.split("::", 1)[1].split("Every probability", 1)[0] if __doc__ else ""

_DURATION = re.compile(r"^(?P<value>\d+(?:\.\d+)?)(?P<unit>ms|s)?$")


class Fault(StrEnum):
    """One kind of injected misbehaviour."""

    HTTP_500 = "500"
    HTTP_503 = "503"
    HTTP_429 = "429"
    DROP = "drop"
    TRUNCATE = "truncate"
    MALFORMED = "malformed"


EXCLUSIVE_ORDER = (
    Fault.HTTP_500,
    Fault.HTTP_503,
    Fault.HTTP_429,
    Fault.DROP,
    Fault.TRUNCATE,
    Fault.MALFORMED,
)


class FaultSpecError(ValueError):
    """A SPEC string that cannot be understood; the message names the item."""


@dataclass(frozen=True)
class Draw:
    """What to do to one request: an optional delay and at most one fault."""

    latency_s: float = 0.0
    fault: Fault | None = None
    retry_after_s: int = 1


@dataclass(frozen=True)
class FaultSpec:
    """Parsed SPEC: per-fault probabilities, the latency and the seed."""

    probabilities: dict[Fault, float] = field(default_factory=dict)
    retry_after_s: dict[Fault, int] = field(default_factory=dict)
    latency_probability: float = 0.0
    latency_s: float = 0.3
    seed: int | None = None

    @classmethod
    def parse(cls, spec: str) -> FaultSpec:
        """Read a SPEC string (see the module docstring); empty means no faults."""
        probabilities: dict[Fault, float] = {}
        retry_after: dict[Fault, int] = {}
        latency_p, latency_s, seed = 0.0, 0.3, None
        for raw in (item.strip() for item in spec.split(",")):
            if not raw:
                continue
            name, sep, value = raw.partition("=")
            name = name.strip().lower()
            if not sep:
                raise FaultSpecError(f"'{raw}': expected NAME=PROBABILITY")
            if name == "seed":
                try:
                    seed = int(value)
                except ValueError:
                    raise FaultSpecError(f"'{raw}': the seed must be an integer") from None
                continue
            prob_text, _, param = value.partition(":")
            probability = _probability(raw, prob_text)
            if name == "latency":
                latency_p = probability
                if param:
                    latency_s = _duration(raw, param)
                continue
            try:
                fault = Fault(name)
            except ValueError:
                known = ", ".join([f.value for f in Fault] + ["latency", "seed"])
                raise FaultSpecError(f"'{raw}': unknown fault (known: {known})") from None
            probabilities[fault] = probability
            if param:
                if fault not in (Fault.HTTP_429, Fault.HTTP_503) or not param.isdigit():
                    raise FaultSpecError(f"'{raw}': only 429/503 take a parameter (seconds)")
                retry_after[fault] = int(param)
        if sum(probabilities.values()) > 1.0 + 1e-9:
            raise FaultSpecError(f"'{spec}': the exclusive faults add up to more than 1")
        return cls(probabilities, retry_after, latency_p, latency_s, seed)

    @property
    def empty(self) -> bool:
        """No fault can happen."""
        return self.latency_probability == 0 and not any(self.probabilities.values())


def _probability(raw: str, text: str) -> float:
    try:
        probability = float(text)
    except ValueError:
        raise FaultSpecError(f"'{raw}': the probability must be a number") from None
    if not 0.0 <= probability <= 1.0:
        raise FaultSpecError(f"'{raw}': the probability must be between 0 and 1")
    return probability


def _duration(raw: str, text: str) -> float:
    match = _DURATION.match(text.strip())
    if match is None:
        raise FaultSpecError(f"'{raw}': a duration looks like 300ms or 1.5s")
    value = float(match["value"])
    return value / 1000 if match["unit"] in (None, "ms") else value


class FaultDice:
    """Draws faults per request from a :class:`FaultSpec`; thread-safe."""

    def __init__(self, spec: FaultSpec | None = None) -> None:
        self._lock = threading.Lock()
        self._spec = spec or FaultSpec()
        self._rng = random.Random(self._spec.seed)

    def configure(self, spec: FaultSpec) -> None:
        """Replace the spec (and reseed when it names a seed)."""
        with self._lock:
            self._spec = spec
            if spec.seed is not None:
                self._rng = random.Random(spec.seed)

    def draw(self) -> Draw:
        """What to do to the next request."""
        with self._lock:
            spec = self._spec
            if spec.empty:
                return Draw()
            latency = (
                spec.latency_s
                if spec.latency_probability and self._rng.random() < spec.latency_probability
                else 0.0
            )
            roll = self._rng.random()
            edge = 0.0
            for fault in EXCLUSIVE_ORDER:
                edge += spec.probabilities.get(fault, 0.0)
                if roll < edge:
                    return Draw(latency, fault, spec.retry_after_s.get(fault, 1))
            return Draw(latency)
