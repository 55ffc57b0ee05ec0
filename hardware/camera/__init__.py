"""The camera: ``interface`` (frames, until closed), ``opencv_camera`` (a V4L2 webcam),
``scan_service`` (a thread that reads frames, hands a preview on and decodes QR codes with
``hardware.qr_scanner``), ``kiosk_camera`` (all of it as the core's ``QrSource`` and
``PhotoSource`` ports). May import OpenCV, NumPy and the kiosk core's data types."""
