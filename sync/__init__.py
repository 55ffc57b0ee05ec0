"""Getting queued submissions from the kiosk to the city portal.

``outbox`` (a package) keeps every submission durably in SQLite until the portal has it,
``portal_client`` speaks the portal's HTTP API, ``worker`` moves items from one to the other in
the background (and sends the kiosk's heartbeat), ``submission_queue`` is the outbox as the
resident's session sees it, ``dossier_directory`` finds a dossier for the look-up screen
(this kiosk's outbox first, then the portal's public look-up by tracking code),
``payment_desk`` asks the portal for a fee's VietQR transfer and whether it arrived, the
worker also sends residents' ratings (queued in the outbox, linked to nothing),
``enrolment`` keeps the kiosk's id and credential, and ``catalogue_refresh`` fetches the
portal's procedures on a thread of its own. ``portal_simulator`` (a package of its own) plays
the portal for the demo and the tests; product code never imports it.

May import: the kiosk core (its data types and ports), httpx, sqlalchemy, alembic,
cryptography. Never Qt, ``ui`` or ``hardware`` (import contracts in ``pyproject.toml``).
"""
