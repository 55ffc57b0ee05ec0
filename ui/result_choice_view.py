"""How the resident receives the result and whether they are told of its progress: the
delivery screen and the notification screen, for QML as ``kiosk.resultChoiceView``.

The postal address and the mobile number are personal data: they live in the session
(wiped with it) and reach QML only while their screen is shown."""

from __future__ import annotations

from PySide6.QtCore import Property, Signal, Slot

from kiosk.result_delivery import DELIVERY_TEXT, DeliveryMethod, NotificationChannel
from kiosk.session import Screen
from ui.qml_values import as_json
from ui.session_view import SessionView


class ResultChoiceView(SessionView):
    """The delivery choice and the notification offer."""

    choicesChanged = Signal()
    prefillChanged = Signal()

    # --- what the resident does -----------------------------------------------------------
    @Slot(str, str)
    def chooseDelivery(self, method: str, postal_address: str) -> None:
        """Delivery: the way chosen (``office``, ``post``, ``electronic``) and, for the
        post, the address as edited."""
        self._session.choose_delivery(DeliveryMethod(method), postal_address)
        self._changed()

    @Slot(str, str)
    def agreeToNotify(self, channel: str, phone: str) -> None:
        """Notify: the resident agreed to news by ``sms`` or ``zalo`` at ``phone``."""
        self._session.agree_to_notify(NotificationChannel(channel), phone)
        self._changed()

    @Slot()
    def declineToNotify(self) -> None:
        """Notify: "Không, cảm ơn"."""
        self._session.decline_to_notify()
        self._changed()

    # --- kept in step with the session ----------------------------------------------------
    def publish(self, quiet: bool = False) -> None:
        """Tell QML what changed (``quiet``: only record it, a new screen is loading)."""
        p = self._published
        p.update("choices", self._choices(), self.choicesChanged, quiet)
        p.update(
            "prefill", (self._address(), self._phone(), self._chosen()), self.prefillChanged, quiet
        )

    # --- what the screens show ------------------------------------------------------------
    def _shown(self, screen: Screen) -> bool:
        return self._session.screen is screen

    def _choices(self) -> str:
        if not self._shown(Screen.DELIVERY):
            return "[]"
        return as_json(
            [
                {"value": m.value, "label": self._words.t(DELIVERY_TEXT[m])}
                for m in self._session.delivery_methods
            ]
        )

    choicesJson = Property(str, _choices, notify=choicesChanged)
    """The ways offered, the default first, as JSON: ``[{"value", "label"}, ...]``."""

    def _chosen(self) -> str:
        if not self._shown(Screen.DELIVERY):
            return ""
        delivery = self._session.delivery
        if delivery is not None:
            return delivery.method.value
        methods = self._session.delivery_methods
        return methods[0].value if methods else ""

    chosen = Property(str, _chosen, notify=prefillChanged)
    """The way marked when the screen opens: the one chosen before, else the default."""

    def _address(self) -> str:
        return self._session.delivery_address() if self._shown(Screen.DELIVERY) else ""

    postalAddress = Property(str, _address, notify=prefillChanged)
    """The postal address the field starts with (the card's, or the building's)."""

    def _phone(self) -> str:
        return self._session.notification_phone() if self._shown(Screen.NOTIFY) else ""

    phone = Property(str, _phone, notify=prefillChanged)
    """The mobile number the field starts with (given before, or answered in the form)."""

    def _channel(self) -> str:
        consent = self._session.notification
        return consent.channel.value if consent is not None else NotificationChannel.SMS.value

    channel = Property(str, _channel, notify=prefillChanged)
