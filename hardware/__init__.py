"""The devices: one interface per device, a real driver, and the adapter that shows it to the
resident's session as one of the core's ports (``kiosk.ports``).

- ``camera``: frames from a webcam, the scanning service, the camera as the session's QR
  reader and document scanner; ``qr_scanner``: finding QR codes in a frame;
- ``document``: papers photographed with the camera: the page found in a frame (corners,
  blur, glare, the hint for the resident), flattened, and written as one PDF;
- ``printer``: the ESC/POS receipt printer and its byte encoding;
- ``card_reader``: the PC/SC reader and the ID card's chip, with the ICAO protocols;
- ``simulators``: a simulator for each device (demo and tests only).

May import the kiosk core (its data types and ports) and the device libraries (OpenCV,
zxing-cpp, pyzbar, python-escpos, pyscard…); never Qt, ``ui`` or ``sync``, and product code
never a simulator (import contracts in ``pyproject.toml``).
"""
