"""The elliptic curves of PACE and the point arithmetic of its Generic Mapping, by python-ecdsa.

PACE names its curve by a standardized domain parameter id (BSI TR-03110 Part 3 Table 4):
12 is NIST P-256, 13 brainpoolP256r1, the curve CCCD chips are reported to use. The domain
parameters come from python-ecdsa's curve table (``ecdsa.curves``), not from constants typed
in here; the tests check them against ``cryptography``'s curves.

All the elliptic-curve work of PACE happens here, in python-ecdsa: the ephemeral key pairs
d·G, the shared point H = d·P, the mapped generator G' = s·G + H, the keys d·G' on it and
the x-coordinate of the final product. ``cryptography`` has no API for points on a generator
other than the curve's own, so it could only have done d·G and the final product; splitting
one key agreement across two libraries is not worth the ~1 ms it would save: on
brainpoolP256r1 OpenSSL has no fast code either, and python-ecdsa's precomputed table makes
its d·G quicker than OpenSSL's. Like any pure-Python arithmetic it is not constant-time; it
only ever handles ephemeral, single-use scalars. The first PACE of a process builds the
generator's table (about 9 ms, once).

Points cross this module's boundary as affine ``(x, y)`` tuples; None is the point at
infinity.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from ecdsa import curves as ecdsa_curves
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from hardware.card_reader.icao.errors import PaceError

PARAM_NIST_P256 = 12
PARAM_BRAINPOOL_P256R1 = 13

Point = tuple[int, int]


@dataclass(frozen=True)
class Curve:
    """Short Weierstrass domain parameters y² = x³ + ax + b over GF(p), with cofactor 1.

    ``standard`` is python-ecdsa's curve (``ecdsa.curves.Curve``), which does the arithmetic.
    """

    name: str
    standard: Any

    @property
    def p(self) -> int:
        """The field prime."""
        return int(self.standard.curve.p())

    @property
    def a(self) -> int:
        """The coefficient a, reduced (python-ecdsa keeps P-256's as -3)."""
        return int(self.standard.curve.a()) % self.p

    @property
    def b(self) -> int:
        """The coefficient b."""
        return int(self.standard.curve.b())

    @property
    def n(self) -> int:
        """The order of G."""
        return int(self.standard.order)

    @property
    def gx(self) -> int:
        """G's x-coordinate."""
        return int(self.standard.generator.x())

    @property
    def gy(self) -> int:
        """G's y-coordinate."""
        return int(self.standard.generator.y())

    @property
    def size(self) -> int:
        """Bytes per coordinate."""
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> Point:
        """G, affine."""
        return (self.gx, self.gy)

    def contains(self, point: Point) -> bool:
        """True if ``point`` satisfies the curve equation (coordinates reduced)."""
        x, y = point
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return bool(self.standard.curve.contains_point(x, y))


CURVES: dict[int, Curve] = {
    PARAM_BRAINPOOL_P256R1: Curve("brainpoolP256r1", ecdsa_curves.BRAINPOOLP256r1),
    PARAM_NIST_P256: Curve("secp256r1", ecdsa_curves.NIST256p),
}


def _jacobian(curve: Curve, point: Point) -> Any:
    return PointJacobi(curve.standard.curve, point[0], point[1], 1, curve.n)


def _affine(point: Any) -> Point | None:
    # python-ecdsa answers a product or sum that is the point at infinity with its INFINITY.
    if point == INFINITY:
        return None
    affine = point.to_affine()
    return (int(affine.x()), int(affine.y()))


def scalar_multiply(curve: Curve, k: int, point: Point) -> Point | None:
    """k·point (None is the point at infinity)."""
    return _affine(_jacobian(curve, point) * k)


def generator_multiple(curve: Curve, k: int) -> Point | None:
    """k·G, through python-ecdsa's precomputed table for the curve's generator."""
    return _affine(curve.standard.generator * k)


def point_add(curve: Curve, one: Point, two: Point) -> Point | None:
    """one + two (None is the point at infinity)."""
    return _affine(_jacobian(curve, one) + _jacobian(curve, two))


def encode_point(curve: Curve, point: Point) -> bytes:
    """The uncompressed encoding ``04 || x || y``."""
    return b"\x04" + point[0].to_bytes(curve.size, "big") + point[1].to_bytes(curve.size, "big")


def decode_point(curve: Curve, data: bytes) -> Point:
    """A point from its uncompressed encoding; anything not on the curve raises PaceError."""
    if len(data) != 1 + 2 * curve.size or data[0] != 0x04:
        raise PaceError("a public key is not an uncompressed point of the curve")
    point = (
        int.from_bytes(data[1 : 1 + curve.size], "big"),
        int.from_bytes(data[1 + curve.size :], "big"),
    )
    if not curve.contains(point):
        raise PaceError("a public key is not on the curve")
    return point


def random_scalar(curve: Curve) -> int:
    """A fresh private scalar in [1, n-1]."""
    return secrets.randbelow(curve.n - 1) + 1


def map_generator(curve: Curve, nonce: int, shared: Point) -> Point:
    """Generic Mapping for ECDH: G' = s·G + H."""
    if not 0 < nonce < curve.n:
        raise PaceError("the nonce is out of range")
    mapped = _affine(curve.standard.generator * nonce + _jacobian(curve, shared))
    if mapped is None:
        raise PaceError("the mapped generator is the point at infinity")
    return mapped


def shared_secret(curve: Curve, private: int, public: Point) -> bytes:
    """K: the x-coordinate of private·public, as many bytes as a coordinate has."""
    product = scalar_multiply(curve, private, public)
    if product is None:
        raise PaceError("the key agreement gave the point at infinity")
    return product[0].to_bytes(curve.size, "big")
