"""Getting queued submissions from the kiosk to the city portal.

``outbox`` keeps every submission durably in SQLite until the portal has it, ``portal_client``
speaks the portal's HTTP API, ``worker`` moves items from one to the other in the background
(and sends the kiosk's heartbeat), ``enrolment`` keeps the kiosk's id and credential,
``catalogue_refresh`` fetches the portal's procedures on a thread of its own, and
``portal_simulator`` plays the portal for tests and demos.
"""
