"""The core, pure Python: the resident's session (a state machine with an injected clock) and
the state machines beside it (reading the chip, ``chip_reading``; printing the receipt,
``receipt_printing``; what the camera is for on each screen, ``camera_use``), procedures as
data and the forms engine, answer checks and the applicant's facts, CCCD QR and chip data,
fees and receipts (content and 1-bit layout), the look-up of a dossier, settings, the
operators' audit trail (``audit``: its events and the fields they may carry, never personal
data; ``device_faults``: a device's faults and recoveries from the states it reports), and
the ports (``kiosk.ports``): the small interfaces through which the session uses the outside
world, with the states devices report.

May import the standard library, pydantic, and Pillow, NumPy and segno (for the receipt's
picture); never Qt, ``ui``, ``hardware``, ``sync``, a driver, the network or the database.
The one exception is ``kiosk.app``, the composition root, which wires all of them together
(import contracts in ``pyproject.toml``).
"""
