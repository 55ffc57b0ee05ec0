"""Cameras that look at the ID card QR code, and the service that scans their frames."""
