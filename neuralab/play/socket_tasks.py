"""The tasks of one playground socket (``run_socket``), on the session the server opened for it.

Each socket has three tasks: the receiver validates each message (``protocol.parse``) and counts
each ``ready`` at once; the answerer runs the other messages, in order, on the session in a
worker thread and sends the replies (a slow answer holds up no credit); the sender sends the
training thread's events and, while the page has credit, a new binary frame, at most
``FRAMES_PER_SECOND`` times a second (fewer while many sessions train: ``FRAMES_IN_ALL``) and
only when something changed; a frame of a scene that
has since been replaced is dropped, never sent. Each ``ready`` is credit for one frame, and a
``scene`` reply gives one; credit stops at ``FRAMES_AHEAD``, so at most that many frames are ever
on their way to the page or waiting there, and each is built from the newest state when it goes.
A hidden page (``visibility``, read at once, as ``ready`` is) gets no frames while its session
trains on slowly (``hidden_pace``); shown again, it gets a whole frame unasked, as after a scene.
A frame carries the heavy arrays (maps, histograms) only when the page does not hold them yet:
the first frame of a socket and after each scene, and the first after each refresh. The sender
asks the session for each frame itself, not through a worker thread: while training runs, the
session's training thread builds it and wakes the sender, which meanwhile leaves the event loop
to the other sockets (``_frame``); otherwise (paused, resting, waiting for its turn to train:
``training_turns``) a worker thread does. Closing the socket (or a
reply that finds it closed, or a send the page does not take within ``SEND_TIMEOUT``) ends the
tasks, and the server frees the session. A socket's messages are read at most
``MESSAGES_PER_SECOND`` a second (``_Pace``), so that no client takes the event loop all the
sockets share.

The sender is event-driven: it sleeps on ``wake`` (set by the page's ``ready``, by each answer
and, from the training thread, by every event the session queues) and builds the next frame as
soon as the page is ready and the frame interval has passed (``_Schedule``), so the frame rate is
the page's acknowledgement rate up to ``FRAMES_PER_SECOND``, never a fixed sleep plus a round
trip. While the page is ready but nothing changed (paused), it looks again every frame interval.
A frame that shows what the page's own command did (a Pause, a step, an edit) does not wait for
the interval: it goes as soon as the session shows it (``Session.at_rest``, or playing).
"""
import asyncio
import json
import logging
import math

from starlette.websockets import WebSocketDisconnect

from . import frames, protocol
from .snapshots import FRAME_WAIT, refresh_interval

# A ceiling a little above a 60 Hz screen: the page asks for each frame as it draws the last one,
# so it gets them at its screen's pace; the ceiling keeps a fast raw client from taking every
# moment of the training thread.
FRAMES_PER_SECOND = 75
# Frames a second for all the pages whose sessions train, shared evenly (each still at most
# FRAMES_PER_SECOND): a frame's maps and histograms cost milliseconds of the GIL the sessions
# train under: 24 pages at 8 frames a second each trained about half the steps they did at 3
# (``_frame_interval``).
FRAMES_IN_ALL = 100
# Frames the page may hold or have on the way: with two, the page draws one while the next is
# already coming, so a reply that takes longer than a screen refresh does not cost a refresh.
FRAMES_AHEAD = 2
INBOX = 64                # messages read and waiting for their answer, at most (then reading waits)
# A page sends a "ready" per frame drawn (at most FRAMES_PER_SECOND) and a few commands a second;
# a socket's messages are read at most this many a second on average (bursts of MESSAGE_BURST),
# then reading waits: one client sending as fast as it can took the event loop that serves every
# socket, and the other tabs' frames fell from 75 a second to 1 (a script's loop of "ready") or 10
# (of bad JSON).
MESSAGES_PER_SECOND = 300
MESSAGE_BURST = 150
# A send not done in this long: the page stopped reading (a laptop shut, a network gone). Its
# unsent frame holds up the keepalive ping too, so that nothing else notices: the socket ends,
# which frees the session (before, it trained on, unwatched, until TCP gave up many minutes later).
SEND_TIMEOUT = 30.0
log = logging.getLogger(__name__)


class _Ready:
    """The page's credit: ``credit`` frames may be sent (one per "ready", at most
    ``FRAMES_AHEAD``; at least one after each scene reply). ``scene_sent``: a scene went out since
    the last frame, so the page has let go of the heavy arrays it kept (the next frame carries
    them all again; so does the next after the page is shown again, ``shown``)."""

    def __init__(self):
        self.credit, self.scene_sent = 0, False
        self.commands = 0         # the page's messages answered (``_answer``): their frames go at once

    def add(self):
        """The page said "ready"."""
        self.credit = min(self.credit + 1, FRAMES_AHEAD)

    def scene(self):
        """A scene reply went out: its first frame goes without asking."""
        self.credit, self.scene_sent = max(self.credit, 1), True

    def shown(self):
        """The page is shown again: a frame of where training stands goes without asking, and
        whole, as after a scene, even when nothing changed (the page says what went on while it
        was hidden by comparing it with the frame it showed then)."""
        self.scene()


class _Schedule:
    """When a page's next frame may go (in the event loop's time). The frames that training alone
    causes keep the class's pace, one a frame interval (``_frame_interval``) on average: a frame
    that went late lets the next one go early, so jitter does not lower the rate below it. The
    frame of a command of the page's (``prompt``) goes at once, at most ``FRAMES_PER_SECOND`` a
    second, and training's next one is due an interval after it:

        due = min(max(due + interval, now - interval), now + interval)    once a frame went at now

    (the outer ``min`` binds only after a command's frame that went before ``due``). A command
    adds at most one frame to training's: a page that sends commands in a loop gets at most the
    frames of a page alone, and the other pages' frames keep their own schedules."""

    def __init__(self):
        self.due, self.last = 0.0, -math.inf

    def when(self, prompt):
        return min(self.due, self.last + 1 / FRAMES_PER_SECOND) if prompt else self.due

    def sent(self, now, interval):
        self.due, self.last = min(max(self.due + interval, now - interval), now + interval), now

    def failed(self, now, interval):
        """A frame failed to build: the next change is tried an interval later (a command's,
        as soon as a frame may go)."""
        self.due, self.last = now + interval, now


class _Pace:
    """A token bucket: ``wait()`` returns at once while the messages read keep to ``rate`` a
    second on average with bursts of ``burst``, and otherwise sleeps until they do."""

    def __init__(self, rate, burst):
        self.rate, self.burst = rate, burst
        self.tokens, self.at = float(burst), asyncio.get_running_loop().time()

    async def wait(self):
        now = asyncio.get_running_loop().time()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate) - 1
        self.at = now
        if self.tokens < 0:
            await asyncio.sleep(-self.tokens / self.rate)


class _Socket:
    """One WebSocket's sending side: every send goes through one lock (two tasks send; the
    sender takes it itself to send a frame, see ``_send_frames``), and ends the socket when the
    page has not taken it within ``SEND_TIMEOUT`` (``sent``)."""

    def __init__(self, websocket):
        self.websocket, self.lock = websocket, asyncio.Lock()

    async def json(self, message):
        async with self.lock:
            await self.sent(self.websocket.send_text(json.dumps(frames.json_safe(message), allow_nan=False)))

    async def sent(self, sending):
        """Await ``sending`` (the lock held); past ``SEND_TIMEOUT``, the page is gone."""
        try:
            await asyncio.wait_for(sending, SEND_TIMEOUT)
        except asyncio.TimeoutError:
            raise WebSocketDisconnect(1006, "the page stopped reading") from None


async def run_socket(websocket, session, run):
    """Serve ``session`` on the accepted ``websocket`` until the socket ends (the page closed it,
    a send found it gone or waited past ``SEND_TIMEOUT``); ``run(fn, *args)`` runs ``fn`` in one
    of the app's worker threads. A bug in a task is raised here, its socket's end."""
    out = _Socket(websocket)
    ready = _Ready()
    wake = asyncio.Event()    # the sender has something to look at (ready, a scene, an event)
    answered = asyncio.Event()   # no message is being answered: the events may go (_receive)
    answered.set()
    loop = asyncio.get_running_loop()

    def notify():             # called by the training thread when it queues an event
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:  # the loop has closed: nobody is listening any more
            pass

    session.on_event = notify
    inbox = asyncio.Queue(INBOX)   # the messages read and not answered yet (_receive)
    sender = asyncio.create_task(_send_frames(out, session, ready, wake, answered, run))
    answerer = asyncio.create_task(_answer(inbox, out, session, ready, run, wake, answered))
    receiver = asyncio.create_task(_receive(websocket, session, inbox, ready, wake, answered))
    try:
        # the socket ends with the first to end: the receiver when the page closes it, the
        # answerer or the sender when a send finds it gone or waits too long (the receiver
        # may be waiting for room in a full inbox, and never read the close: a page gone in a
        # burst kept its session training)
        done, _ = await asyncio.wait((receiver, answerer, sender), return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()     # a bug in any is raised here: logged, and the socket closed
    finally:
        session.on_event = None
        for task in (sender, answerer, receiver):
            task.cancel()


async def _receive(websocket, session, inbox, ready, wake, answered):
    """Read every message until the socket closes: a ``ready`` is credit at once, a
    ``visibility`` is told to the session at once (``set_hidden``: it only sets a flag), every
    other message (or its refusal: ``protocol.parse``'s error) waits its turn in ``inbox`` for
    ``_answer``. Credit must not wait behind an answer: a message slow to answer (a big upload
    to read, a scene to build while training runs) held every ``ready`` after it in
    the socket, and the page, playing, got no frame until the answer went: training seemed to
    stop. A full ``inbox`` (a page sending faster than the session answers) stops the reading,
    and so does a page sending faster than ``MESSAGES_PER_SECOND`` (``_Pace``)."""
    pace = _Pace(MESSAGES_PER_SECOND, MESSAGE_BURST)
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        await pace.wait()
        try:
            if message.get("text") is None:
                raise protocol.ProtocolError("commands are JSON text frames, not binary")
            msg = protocol.parse(message["text"])
            if msg["type"] == "ready":
                ready.add()
                wake.set()
                continue
            if msg["type"] == "visibility":   # (a page shown again must not wait behind an answer either)
                hidden = msg["page"] == "hidden"
                session.set_hidden(hidden)
                if not hidden:
                    ready.shown()
                wake.set()
                continue
            item = (msg, None)
        except protocol.ProtocolError as err:
            item = (None, protocol.error(err, err.suggestion))
        answered.clear()          # (set again by _answer once the inbox is empty)
        await inbox.put(item)


async def _answer(inbox, out, session, ready, run, wake, answered):
    """Answer the messages of ``inbox`` in order; a refused message gets an error reply. The
    training thread's events wait while messages are answered (``answered`` clear): one that a
    message's change caused, such as fit's warnings as it starts on new data, then reaches the
    page after the reply's scene, which clears the page's banner. The events that waited go right
    after each reply, from here: a divergence must not wait for as long as the page keeps sending."""
    while True:
        msg, refusal = await inbox.get()
        handled = False           # (a refused message changed nothing: no frame is due for it)
        if refusal is not None:
            replies = [refusal]
        else:
            try:
                replies = await run(session.handle, msg)
                handled = True
            except protocol.ProtocolError as err:
                replies = [protocol.error(err, err.suggestion, request=msg["type"])]
            except (ValueError, TypeError) as err:
                replies = [protocol.error(err, request=msg["type"])]
            except Exception as err:  # a bug answers with an error; the socket stays open
                log.exception("playground message %r failed", str(msg)[:200])
                replies = [protocol.error(f"the server failed on this message ({type(err).__name__}: {err})",
                                         "please report it; the session is still usable", request=msg["type"])]
        try:
            for reply in replies:
                await out.json(reply)
                if reply["type"] == "scene":
                    ready.scene()
            if handled:           # its change (once the session shows it) goes without waiting
                ready.commands += 1
            while session.events:   # the sender holds them until answered is set: see above
                await out.json(session.events.popleft())
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            if inbox.empty():
                answered.set()
            wake.set()            # a control or an edit: the next frame (or an event) may be due now


async def _send_frames(out, session, ready, wake, answered, run):
    """The sender: events as they come, and a frame as soon as the page has credit, something
    changed and ``_Schedule`` lets it go: the frame of a command answered (``ready.commands``)
    once the session shows what it did, at rest (a Pause's where training stopped, a step's after
    its batch, both measured) or playing; others at the class's pace."""
    loop = asyncio.get_running_loop()
    schedule = _Schedule()
    seq, sent_version, page_has, shown = 0, None, None, 0   # shown: the commands a frame went after
    failed = None         # the version whose frame failed to build: not tried again until it changes
    while True:
        version = None    # the version whose frame is being built, if one is
        interval = _frame_interval()
        try:
            wake.clear()
            while session.events and answered.is_set():   # (after the reply they follow: _receive)
                await out.json(session.events.popleft())
            # after a scene a frame always follows (one built for it may have overtaken it); a
            # hidden page draws nothing: it gets none (the events above still go: a divergence)
            wanted = ((ready.scene_sent or session.needs_frame(sent_version)) and session.version != failed
                      and not session.hidden)
            commands = ready.commands
            prompt = commands != shown and session.state is not None and (session.playing or session.at_rest())
            if prompt and not wanted:   # the command changed nothing the page sees (a pause of a pause)
                shown = commands
            # while a command's change may yet come (a Pause's last batch, a step's), look again at
            # a page alone's pace: the training thread wakes nobody as it stops
            again = 1 / FRAMES_PER_SECOND if commands != shown else interval
            if session.state is not None and ready.credit and wanted:
                now, at = loop.time(), schedule.when(prompt)
                if now < at:      # (woken early by a command's answer, an event or a newer scene)
                    await _woken(wake, min(at - now, again))
                    continue
                version, whole = session.version, ready.scene_sent
                # asked for here, not through a worker thread: while training holds the GIL
                # every hand-off between threads waits up to a switch interval
                header, data = await _encoded_frame(session, seq + 1, None if whole else page_has, run)
                if header["scene_id"] != session.scene_id:
                    continue
                # (a scene reply marks scene_sent as it lets go of the lock, before any task runs)
                async with out.lock:
                    if ready.scene_sent and not whole:
                        # a scene went out while this frame was built (an edit while training):
                        # the page let go of the heavy arrays and features' maps it leaves out,
                        # so one built whole goes instead (sent, it left the features' maps blank
                        # for the rest of the scene)
                        continue
                    seq, sent_version = seq + 1, version
                    page_has, ready.scene_sent = (header["scene_id"], header["heavy_seq"]), False
                    ready.credit -= 1
                    await out.sent(out.websocket.send_bytes(data))
                schedule.sent(now, interval)
                shown = commands if prompt else shown
                continue
            # nothing to send now: sleep until the page says ready or an event comes; while the
            # page is ready (paused, or training slower than frames), look again (``again``)
            looking = ready.credit and session.state is not None and not session.hidden
            await _woken(wake, again if looking else None)
        except (WebSocketDisconnect, RuntimeError):
            return
        except Exception:  # a frame that fails to build is logged; the next change tries again
            # (tried again at once, the failure looped without giving the event loop back: every
            # socket froze, and the log grew by thousands of tracebacks a second)
            log.exception("playground frame failed")
            failed = version
            schedule.failed(loop.time(), interval)   # a newer version is tried an interval later


async def _woken(wake, timeout):
    """Wait until ``wake`` is set, or ``timeout`` s (None: no limit) have passed."""
    try:
        await asyncio.wait_for(wake.wait(), timeout)
    except asyncio.TimeoutError:
        pass


def _frame_interval():
    """Seconds between two frames of a page: ``1 / FRAMES_PER_SECOND``, or longer while more
    than ``FRAMES_IN_ALL / FRAMES_PER_SECOND`` sessions train, so that the pages share
    ``FRAMES_IN_ALL`` frames a second (25 pages: 4 each; ``snapshots.refresh_interval``)."""
    return refresh_interval(FRAMES_PER_SECOND, FRAMES_IN_ALL)


async def _encoded_frame(session, seq, page_has, run):
    header, arrays = await _frame(session, seq, page_has, run)
    return header, frames.encode(header, arrays)


async def _frame(session, seq, page_has, run):
    """``session.frame`` without blocking the event loop, which serves every socket: while
    training runs, the training thread builds the frame and wakes this task when it is done;
    otherwise a worker thread of the app's (``run``) builds it: not of the loop's default pool,
    whose few threads (6 on 2 cores) a few frames waiting for the model lock through long
    batches would hold, stalling every page's frames."""
    loop = asyncio.get_running_loop()
    built = asyncio.Event()

    def notify():                 # called by the training thread
        try:
            loop.call_soon_threadsafe(built.set)
        except RuntimeError:      # the loop has closed: nobody is waiting any more
            pass

    request = session.request_frame(seq, page_has, notify)
    if request is None:
        # paused, resting or waiting for its turn to train: the model lock is free, and a worker
        # thread builds the frame (built here, 25 pages' frames held up every socket's reading)
        return await run(session.frame_here, seq, page_has)
    try:
        await asyncio.wait_for(built.wait(), FRAME_WAIT)
    except asyncio.TimeoutError:
        if session.withdraw(request):
            # a long batch: wait for the model lock in a worker thread, not in the event loop
            return await run(session.frame_here, seq, page_has)
        await built.wait()
    return request.outcome()
