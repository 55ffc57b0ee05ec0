"""Device drivers and their simulators: printer, camera, ID-card reader. No screen code here."""
