"""The core, pure Python: the resident's session (a state machine with an injected clock),
procedures as data and the forms engine, answer checks, CCCD QR and chip data, receipts
(content and 1-bit layout), the look-up of a dossier, settings, and the ports
(``kiosk.ports``): the small interfaces through which the session uses the outside world.

May import the standard library, pydantic, and Pillow, NumPy and segno (for the receipt's
picture); never Qt, ``ui``, ``hardware``, ``sync``, a driver, the network or the database.
The one exception is ``kiosk.app``, the composition root, which wires all of them together
(import contracts in ``pyproject.toml``).
"""
