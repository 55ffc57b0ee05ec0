"""Past the delivery choice and the notification offer, the way most residents go: the
procedure's first way of receiving the result (collected at the office where it offers
that), and no notifications. For tests that walk a procedure to its check page."""

from kiosk.result_delivery import DeliveryMethod
from kiosk.session import KioskSession, Screen


def screen_now(session: KioskSession) -> Screen:
    """The session's screen read afresh: mypy keeps what an earlier ``assert ... is`` said of
    ``session.screen`` across the calls that change it."""
    return session.screen


def past_result_choices(session: KioskSession) -> None:
    """On the delivery or notification screen: answer them and reach the check page."""
    if session.screen is Screen.DELIVERY:
        methods = session.delivery_methods
        method = DeliveryMethod.OFFICE if DeliveryMethod.OFFICE in methods else methods[0]
        assert session.choose_delivery(method, session.delivery_address()), session.error
    if session.screen is Screen.NOTIFY:
        session.decline_to_notify()
