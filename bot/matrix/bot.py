"""The Matrix bot's life: log in, sync, hand each event to the commands or the quiz, survive.

- Login with MATRIX_PASSWORD (the device id and access token are kept in a 0600 file, so a
  restart reuses the same device and its encryption keys instead of piling up devices) or
  with MATRIX_ACCESS_TOKEN (its device is asked with /whoami).
- End-to-end encryption: nio's olm store lives in `matrix/` next to the runtime's store
  (in LABTYPE_DATA_DIR), so keys and the session they belong to are kept together; it is
  encrypted with a real passphrase (see `bot.matrix.secrets`). Without
  a store path nio would silently send clear text into encrypted rooms. nio decrypts
  incoming events during `sync()` and encrypts in `room_send` (keeping `m.relates_to` in
  clear, as Synapse needs for threads and edits); between syncs this loop does what
  `sync_forever` would (upload, query and claim keys, send queued to-device messages).
- The sync token is saved after each batch is handled, so a restart neither answers old
  commands again nor misses those sent while it was down: the first sync after a restart
  asks from that token (with full state, to rebuild nio's room list), and a room whose
  timeline comes back `limited` has the gap fetched with /messages. On the very first start
  (no token) nothing already in the rooms is answered; neither is anything before the bot's
  own join in a room it has just joined.
- Invites are accepted only from MATRIX_ALLOWED_INVITERS; the others are left pending.
- The homeserver going away: nio retries each request on connection errors with an
  exponential back-off capped at `max_backoff`; a sync's error responses (a proxy's 502,
  say) are retried here with the same cap, sends by the `Outbox`. An unknown access token
  stops the bot.
- One event's failure is logged and does not stop the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Coroutine, Mapping
from typing import Any

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteInfo,
    InviteMemberEvent,
    JoinResponse,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    MessageDirection,
    RoomMemberEvent,
    RoomMessagesResponse,
    SyncResponse,
    WhoamiResponse,
)

from bot.config import ConfigError
from bot.core.messages import message
from bot.matrix.commands import PREFIX, Context, run_command
from bot.matrix.events import Membership, Message, Reaction, Vote, command_args, parse_event
from bot.matrix.outbox import Outbox, handling
from bot.matrix.private import PrivateRooms
from bot.matrix.quiz import QuizThreads
from bot.matrix.secrets import SESSION_FILE, load_session, open_crypto_store, save_session, store_passphrase
from bot.matrix.settings import MatrixSettings
from bot.runtime import Runtime, freeze_start_up_objects
from bot.store import AlreadyHandled
from bot.store.files import secure_files

log = logging.getLogger(__name__)

SESSION = "matrix.session"  # setting scope where earlier versions kept the session (now: secrets.py)
SYNC_TOKEN = "matrix.sync_token"  # setting scope: user id → next_batch
DEVICE_NAME = "labtype"
GAP_PAGE = 100  # events per /messages request when filling a gap
SHUTDOWN_GRACE = 3.0  # seconds a stop waits for the batch being handled


class MatrixLoginError(ConfigError):
    """The homeserver refused the bot's credentials."""


async def run_matrix(runtime: Runtime, env: Mapping[str, str]) -> None:
    """Run the Matrix front end until cancelled. Raises `bot.config.ConfigError`
    (MatrixConfigError for bad settings, MatrixLoginError for refused credentials)."""
    await MatrixBot(runtime, MatrixSettings.from_env(env)).run()


class MatrixBot:
    def __init__(self, runtime: Runtime, settings: MatrixSettings) -> None:
        self.runtime = runtime
        self.settings = settings
        self.store = runtime.store
        self.store_dir = runtime.data_dir / "matrix"
        self.store_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.passphrase, self.passphrase_source = store_passphrase(self.store_dir, settings.store_passphrase)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False, pickle_key=self.passphrase,
                                   max_timeout_retry_wait_time=settings.max_backoff)
        self.client = AsyncClient(settings.homeserver, settings.user_id, store_path=str(self.store_dir), config=config)
        outbox = Outbox(self.client, settings.max_backoff)
        self.quiz = QuizThreads(runtime, outbox, PrivateRooms(self.client, self.store, settings.user_id), PREFIX)
        self.commands = Context(runtime, outbox, self.quiz, settings.lang)
        self.ready = asyncio.Event()  # set once the first sync has been handled

    async def run(self) -> None:
        """One process per Matrix account: its sync stream is single-consumer (a second one would
        answer every command twice), so a second process is refused (ProcessAlreadyRunning)."""
        await self.store.exclusive(f"matrix:{self.settings.user_id}")
        try:
            await self._login()
            secure_files(self.store_dir)
            freeze_start_up_objects()
            await self._sync_forever()
        finally:
            await self.client.close()

    # -- login ------------------------------------------------------------------------------------

    async def _login(self) -> None:
        if self.settings.access_token:
            if (refusal := await self._use_token(self.settings.access_token)) is not None:
                raise self._refused(refusal)
        else:
            await self._password_login()
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        log.info("logged in as %s (device %s)", self.client.user_id, self.client.device_id)

    async def _password_login(self) -> None:
        """Reuse the saved session while its token works; else log in again, as the same device."""
        user_id = self.settings.user_id
        saved = load_session(self.store_dir, user_id) or await self._session_from_the_database()
        if saved and await self._use_token(saved["access_token"], saved["device_id"]) is None:
            return
        if saved:
            self._open_crypto_store(saved["device_id"])
            self.client.device_id = saved["device_id"]
        response = await self.client.login(self.settings.password, device_name=DEVICE_NAME)
        if not isinstance(response, LoginResponse):
            raise self._refused(response)
        save_session(self.store_dir, user_id, response.device_id, response.access_token)

    async def _session_from_the_database(self) -> dict:
        """The session as earlier versions kept it, in clear in the database: moved to the 0600
        session file, and blanked in the database."""
        saved = json.loads(await self.store.get_setting(SESSION, self.settings.user_id) or "{}")
        if saved:
            save_session(self.store_dir, self.settings.user_id, saved["device_id"], saved["access_token"])
            await self.store.set_setting(SESSION, self.settings.user_id, "")
            log.warning("moved the Matrix access token out of the database, into %s", self.store_dir / SESSION_FILE)
        return saved

    def _open_crypto_store(self, device_id: str) -> None:
        open_crypto_store(self.store_dir, self.settings.user_id, device_id, self.passphrase, self.passphrase_source,
                          self.settings.lang)

    async def _use_token(self, token: str, device_id: str | None = None) -> object | None:
        """Log in with `token` if /whoami says it is the bot's (and `device_id`'s, when given);
        else return why not."""
        self.client.access_token = token
        who = await self.client.whoami()
        if (isinstance(who, WhoamiResponse) and who.user_id == self.settings.user_id and who.device_id
                and device_id in (None, who.device_id)):
            self._open_crypto_store(who.device_id)
            self.client.restore_login(who.user_id, who.device_id, token)
            return None
        log.info("the access token was refused: %s", who)
        self.client.access_token = ""
        return who

    def _refused(self, error: object) -> MatrixLoginError:
        return MatrixLoginError(message("matrix_login_refused", self.settings.lang, user=self.settings.user_id,
                                        error=error))

    # -- sync ---------------------------------------------------------------------------------------

    async def _sync_forever(self) -> None:
        token = await self.store.get_setting(SYNC_TOKEN, self.settings.user_id)
        first, delay = True, 0.0
        sync_filter = {
            "presence": {"not_types": ["*"]},
            "account_data": {"not_types": ["*"]},
            "room": {"ephemeral": {"not_types": ["*"]}, "account_data": {"not_types": ["*"]},
                     "timeline": {"limit": self.settings.timeline_limit}},
        }
        while True:
            try:
                response = await self.client.sync(timeout=0 if first else self.settings.sync_timeout_ms,
                                                  sync_filter=sync_filter, since=token, full_state=first or None)
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                response = error
            if not isinstance(response, SyncResponse):
                if getattr(response, "status_code", None) == "M_UNKNOWN_TOKEN":
                    raise self._refused(response)
                delay = min(self.settings.max_backoff, delay * 2 or 0.5)
                log.warning("sync failed (%s); retrying in %.1f s", response, delay)
                await asyncio.sleep(delay)
                continue
            delay = 0.0
            await _uninterrupted(self._handle_batch(response, token))
            token = response.next_batch
            await self._keep_keys()
            if first:
                first = False
                self.ready.set()

    async def _handle_batch(self, response: SyncResponse, since: str | None) -> None:
        """Handle a sync batch, then save its position (what a restart resumes from)."""
        await self._handle(response, since)
        await self.store.set_setting(SYNC_TOKEN, self.settings.user_id, response.next_batch)

    async def _keep_keys(self) -> None:
        """What `sync_forever` does between syncs for end-to-end encryption."""
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            await self.client.keys_claim(self.client.get_users_for_key_claiming())
        await self.client.send_to_device_messages()

    async def _handle(self, response: SyncResponse, since: str | None) -> None:
        for room_id, invite in response.rooms.invite.items():
            await self._on_invite(room_id, invite)
        if since is None:
            return  # the very first start: what is already in the rooms is history
        for room_id, joined in response.rooms.join.items():
            events = joined.timeline.events
            if joined.timeline.limited and joined.timeline.prev_batch:
                events = await self._gap(room_id, joined.timeline.prev_batch, since) + events
            room = self.client.rooms[room_id]
            for event in self._after_own_join(events):
                await self._dispatch(room, event)

    async def _gap(self, room_id: str, start: str, since: str) -> list[Any]:
        """The events between the last handled sync and this sync's timeline, oldest first."""
        events: list[Any] = []
        while True:
            page = await self.client.room_messages(room_id, start=start, end=since, direction=MessageDirection.back,
                                                   limit=GAP_PAGE)
            if not isinstance(page, RoomMessagesResponse):
                log.warning("could not fetch missed events of %s: %s", room_id, page)
                break
            events.extend(page.chunk)
            if not page.chunk or not page.end:
                break
            start = page.end
        return events[::-1]

    def _after_own_join(self, events: list[Any]) -> list[Any]:
        """In a room the bot has just joined, what came before its join is history."""
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if (isinstance(event, RoomMemberEvent) and event.state_key == self.settings.user_id
                    and event.membership == "join" and event.prev_membership != "join"):
                return events[index + 1:]
        return events

    async def _on_invite(self, room_id: str, invite: InviteInfo) -> None:
        inviter = next((e.sender for e in invite.invite_state if isinstance(e, InviteMemberEvent)
                        and e.state_key == self.settings.user_id and e.membership == "invite"), None)
        if inviter and self.settings.may_invite(inviter):
            joined = await self.client.join(room_id)
            if isinstance(joined, JoinResponse):
                log.info("joined %s, invited by %s", room_id, inviter)
            else:
                log.warning("could not join %s, invited by %s: %s", room_id, inviter, joined)
        else:
            log.info("ignoring the invite to %s from %s (not in MATRIX_ALLOWED_INVITERS)", room_id, inviter)

    async def _dispatch(self, room: MatrixRoom, event: Any) -> None:
        if getattr(event, "sender", None) == self.settings.user_id:
            return
        if isinstance(event, MegolmEvent):
            log.warning("cannot decrypt %s in %s (no room key)", event.event_id, room.room_id)
            return
        if await self.store.was_handled(event.event_id):
            return  # handled before a crash, replayed because the sync position was not saved yet
        try:
            with handling(event.event_id):
                await self._route(room, event)
        except Exception:
            log.exception("failed to handle %s in %s", getattr(event, "event_id", event), room.room_id)
        with contextlib.suppress(AlreadyHandled):
            await self.store.mark_handled(event.event_id)

    async def _route(self, room: MatrixRoom, event: Any) -> None:
        match parse_event(room, event):
            case Message() as message if (args := command_args(message.body)) is not None:
                await run_command(self.commands, message, args)
            case Message() as message:
                await self.quiz.on_message(message)
            case Reaction() as reaction:
                await self.quiz.on_reaction(reaction)
            case Vote() as vote:
                await self.quiz.on_vote(vote)
            case Membership() as change:
                await self.quiz.on_membership(change)


async def _uninterrupted(work: Coroutine[Any, Any, None]) -> None:
    """Run `work` to its end even if the caller is cancelled meanwhile (Ctrl-C, SIGTERM, a test's
    stop), for up to SHUTDOWN_GRACE seconds, then let the cancellation through: a batch whose
    replies went out is recorded as handled rather than replayed after the restart. (Without
    this, the store's awaits after each send would be new places where a stop cuts a batch.)"""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, SHUTDOWN_GRACE)
        raise
