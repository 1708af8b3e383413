"""Driving a playground ``Session`` as the socket does, for the tests of the server's side."""
import json

from neuralab.play import protocol


def send(session, message):
    """The replies of ``session`` to ``message`` (a dict), read as the socket reads its text."""
    return session.handle(protocol.parse(json.dumps(message)))
