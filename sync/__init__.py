"""Getting queued submissions from the kiosk to the city portal.

``outbox`` keeps every submission durably in SQLite until the portal has it, ``portal_client``
speaks the portal's HTTP API, ``worker`` moves items from one to the other in the background,
and ``portal_simulator`` plays the portal for tests and demos.
"""
