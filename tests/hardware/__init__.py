"""Tests of the device layer: printers, cameras, QR scanning, card readers."""
