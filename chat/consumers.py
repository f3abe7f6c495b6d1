"""The two chat sockets: customers on /ws/chat/<id>/, agents on /ws/agent/.

Thin by design: parse with chat.protocol, call chat.services / chat.selectors through
``database_sync_to_async``, send frames. A refused frame gets an ``error`` frame and the socket
stays open. Stored messages are forwarded only for conversations the socket has synced, and only
after the seq it has already sent, so a replay and live delivery never double up and a gap left
by a dropped layer message is refilled from the database.
"""

import asyncio
import logging
import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from accounts.roles import is_agent, is_supervisor
from chat import access, events, presence, protocol, selectors, services
from chat.protocol import ErrorCode, ProtocolError, Role
from chat.serialize import ack_frame, conversation_summary, display_name
from chat.serialize import message_frame as stored_message_frame
from chat.socket_runtime import db, disconnect_on_loop, dispatch_on_loop, service
from core import realtime
from core.ratelimits import SocketAllowance
from tickets import live as ticket_live

logger = logging.getLogger(__name__)

HEARTBEAT_MIN_INTERVAL_SECONDS = 10.0


class ChatConsumer(AsyncWebsocketConsumer):
    """What both sockets share: frame parsing, errors, replay, the event handler."""

    role: Role

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its per-event thread hop (``dispatch_on_loop``)."""
        await dispatch_on_loop(self, message)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        """Channels' handler without its per-socket thread hop (``disconnect_on_loop``)."""
        await disconnect_on_loop(self, message)

    async def connect(self) -> None:
        self.synced: dict[int, int] = {}
        self.groups_joined: set[str] = set()
        self.allowance = SocketAllowance(protocol.MESSAGE_RATE)
        self.resend_allowance = SocketAllowance(protocol.RESEND_RATE)

    async def join(self, group: str) -> None:
        if group not in self.groups_joined:
            try:
                await self.channel_layer.group_add(group, self.channel_name)
            except Exception as exc:  # a layer outage: logged once (core.outage), not per socket
                realtime.layer_outage.failed(exc)
                raise services.ChatError(ErrorCode.SERVER_ERROR, "Live updates are down.") from None
            realtime.layer_outage.succeeded()
            self.groups_joined.add(group)

    async def leave(self, group: str) -> None:
        if group in self.groups_joined:
            self.groups_joined.discard(group)
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception as exc:  # the layer forgets a dead socket's groups anyway
                realtime.layer_outage.failed(exc)
            else:
                realtime.layer_outage.succeeded()

    async def disconnect(self, code: int) -> None:
        for group in list(self.groups_joined):
            await self.leave(group)

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=protocol.encode(frame))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None and len(text_data) > protocol.MAX_FRAME_CHARS:
            await self.close(code=protocol.CLOSE_MESSAGE_TOO_BIG)
            return
        frame: protocol.ClientFrame | None = None
        try:
            frame = protocol.parse_client_frame(protocol.decode(text_data), role=self.role)
            await self.handle(frame)
        except ProtocolError as error:
            await self.send_frame(protocol.error_frame(error))
        except services.ChatError as error:
            await self.send_frame(protocol.error_frame(self._as_protocol_error(error, frame)))
        except Exception:
            logger.exception("chat.frame_failed role=%s", self.role)
            await self.send_frame(
                protocol.error_frame(
                    self._as_protocol_error(
                        services.ChatError(ErrorCode.SERVER_ERROR, "Something went wrong."), frame
                    )
                )
            )

    @staticmethod
    def _as_protocol_error(
        error: services.ChatError, frame: protocol.ClientFrame | None
    ) -> ProtocolError:
        code = error.code if error.code in ErrorCode.__members__.values() else ErrorCode.INVALID
        return ProtocolError(
            ErrorCode(code),
            error.message,
            client_id=getattr(frame, "client_id", ""),
            conversation=getattr(frame, "conversation", None),
        )

    async def handle(self, frame: protocol.ClientFrame) -> None:
        raise NotImplementedError

    def check_rate(self, frame: protocol.SendMessage) -> None:
        """Count a message against this socket's allowance. A flagged resend (an unacked message
        sent again after a reconnect) draws on its own allowance first, the widget's outbox
        bound, so the burst after a server restart is not refused."""
        if frame.resend and self.resend_allowance.take():
            return
        if not self.allowance.take():
            raise ProtocolError(
                ErrorCode.RATE_LIMITED,
                "Too many messages; wait a moment and resend.",
                client_id=frame.client_id,
                conversation=frame.conversation,
            )

    async def replay(self, conversation_id: int, last_seq: int) -> None:
        """Everything after ``last_seq``, then ``synced``; live frames continue from there."""
        sent = last_seq
        while True:
            messages = await db(selectors.messages_after)(
                conversation_id=conversation_id, last_seq=sent
            )
            for message in messages:
                await self.send_frame(stored_message_frame(message))
                sent = message.seq
            if len(messages) < selectors.REPLAY_LIMIT:
                break
        self.synced[conversation_id] = sent
        await self.send_frame(protocol.synced_frame(conversation=conversation_id, last_seq=sent))

    async def refill(self) -> None:
        """Send stored messages this socket missed in its synced conversations (a broadcast lost
        while the channel layer was down); runs on every ``ping``, so within one ping interval."""
        if not self.synced:
            return
        newest = await db(selectors.last_seqs)(list(self.synced))
        for conversation_id, last_seq in newest.items():
            sent = self.synced.get(conversation_id)
            if sent is None or last_seq <= sent:
                continue
            missing = await db(selectors.messages_after)(
                conversation_id=conversation_id, last_seq=sent
            )
            for message in missing:
                await self.send_frame(stored_message_frame(message))
                self.synced[conversation_id] = message.seq

    async def forward_message(self, frame: dict[str, Any]) -> None:
        conversation_id = frame["conversation"]
        last = self.synced.get(conversation_id)
        if last is None or frame["seq"] <= last:
            return  # not synced yet (the replay will include it) or already sent
        if frame["seq"] > last + 1:
            # A layer message went missing: the database has it.
            missing = await db(selectors.messages_after)(
                conversation_id=conversation_id, last_seq=last, limit=frame["seq"] - last - 1
            )
            for message in missing:
                await self.send_frame(stored_message_frame(message))
        self.synced[conversation_id] = frame["seq"]
        await self.send_frame(frame)

    async def chat_frame(self, event: dict[str, Any]) -> None:
        """Layer event ``chat.frame`` (chat.events): forward the frame to this socket."""
        frame = event.get("agent_frame") if self.role == Role.AGENT else None
        frame = frame or event["frame"]
        if "subscribe" in event:
            await self.join(events.conversation_group(event["subscribe"]))
        kind = frame["type"]
        if kind == "message":
            await self.forward_message(frame)
        elif kind == "presence":
            await self.on_presence(frame)
        elif not self.wants(frame):
            return
        else:
            await self.send_frame(frame)
            await self.after_forward(frame)

    def wants(self, frame: dict[str, Any]) -> bool:
        """Typing and read receipts are not echoed to their own side; ``queue`` is for
        customers only."""
        kind = frame["type"]
        if kind == "typing":
            return frame["sender"]["kind"] != self.role.value
        if kind == "read":
            return frame["reader"] != self.role.value
        return kind != "queue" or self.role == Role.CUSTOMER

    async def after_forward(self, frame: dict[str, Any]) -> None:
        """Hook for role-specific follow-ups of a forwarded frame."""

    async def on_presence(self, frame: dict[str, Any]) -> None:
        """A colleague's presence (chat.presence); only agent sockets join those groups."""


class CustomerConsumer(ChatConsumer):
    """One customer's socket on one conversation. Ownership is proven by the first frame,
    ``auth`` (the token, or "" for the session or account), within AUTH_DEADLINE_SECONDS;
    nothing else is answered before it, and a refused or missing ``auth`` closes the socket
    with CLOSE_UNAUTHORIZED. The token is never taken from the URL (access logs keep URLs)."""

    role = Role.CUSTOMER

    async def connect(self) -> None:
        await super().connect()
        self.conversation_id: int = self.scope["url_route"]["kwargs"]["conversation_id"]
        self.authorized = False
        # Whether the chat waits in the queue: only then does leaving start the abandon clock
        # (chat.services.unattended); an active chat survives any disconnect.
        self.waiting = False
        await self.accept()
        self.auth_deadline = asyncio.get_running_loop().call_later(
            protocol.AUTH_DEADLINE_SECONDS, self._auth_expired
        )

    def _auth_expired(self) -> None:
        if not self.authorized:
            self.auth_closer = asyncio.ensure_future(self.close(code=protocol.CLOSE_UNAUTHORIZED))

    async def disconnect(self, code: int) -> None:
        self.auth_deadline.cancel()
        await super().disconnect(code)
        if self.authorized and self.waiting:
            await db(services.customer_left)(conversation_id=self.conversation_id)

    async def authorize(self, frame: protocol.Auth) -> None:
        self.auth_deadline.cancel()
        try:
            conversation = await db(self._authorize)(frame.token)
        except access.ChatAccessDenied:
            await self.close(code=protocol.CLOSE_UNAUTHORIZED)
            return
        self.authorized = True
        self.customer_name = conversation.customer_name
        self.waiting = conversation.status == conversation.Status.WAITING
        if conversation.customer_left_at is not None:
            await db(services.customer_back)(conversation_id=self.conversation_id)
        await self.join(events.conversation_group(self.conversation_id))
        await self.send_frame(
            protocol.welcome_frame(conversation=conversation_summary(conversation, for_agent=False))
        )
        if conversation.status == conversation.Status.WAITING:
            queue = await db(selectors.queue_position)(conversation)
            await self.send_frame(protocol.queue_frame(conversation=conversation.pk, **queue))

    def _authorize(self, token: str) -> Any:
        session = self.scope.get("session")
        return access.conversation_get_for_customer(
            conversation_id=self.conversation_id,
            user=self.scope.get("user"),
            session=session,
            token=token,
        )

    async def handle(self, frame: protocol.ClientFrame) -> None:
        if not self.authorized:
            if isinstance(frame, protocol.Auth):
                await self.authorize(frame)
            else:
                await self.close(code=protocol.CLOSE_UNAUTHORIZED)
        elif isinstance(frame, protocol.Auth):
            raise ProtocolError(ErrorCode.INVALID, "This socket is already authenticated.")
        elif isinstance(frame, protocol.Ping):
            await self.refill()
            if self.waiting:  # another tab of this customer may have closed: still here
                await db(services.customer_back)(conversation_id=self.conversation_id)
            await self.send_frame(protocol.pong_frame())
        elif isinstance(frame, protocol.Sync):
            await self.replay(self.conversation_id, frame.last_seq)
        elif isinstance(frame, protocol.SendMessage):
            self.check_rate(frame)
            result = await service(
                services.message_send,
                conversation_id=self.conversation_id,
                sender_kind=Role.CUSTOMER.value,
                client_id=frame.client_id,
                body=frame.body,
            )
            await self.send_frame(services_ack(result))
        elif isinstance(frame, protocol.Typing):
            # Ephemeral (nothing stored), sent at once through the one event path.
            await realtime.send_collected(
                [
                    (
                        events.conversation_group(self.conversation_id),
                        events.event(
                            protocol.typing_frame(
                                conversation=self.conversation_id,
                                sender=protocol.sender(Role.CUSTOMER.value, self.customer_name),
                                is_typing=frame.is_typing,
                            )
                        ),
                    )
                ]
            )
        elif isinstance(frame, protocol.Read):
            await service(
                services.read_mark,
                conversation_id=self.conversation_id,
                reader=Role.CUSTOMER.value,
                seq=frame.seq,
            )

    async def after_forward(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "conversation":
            self.waiting = frame["conversation"]["status"] == "waiting"
            if frame["conversation"]["status"] == "closed":
                await self.close(code=protocol.CLOSE_CONVERSATION_CLOSED)


class AgentConsumer(ChatConsumer):
    """An agent's one socket for the queue and all their conversations (staff with the agent
    role only). Conversations assigned to them are subscribed automatically."""

    role = Role.AGENT

    async def connect(self) -> None:
        await super().connect()
        self.user = self.scope.get("user")
        if not await db(is_agent)(self.user):
            await self.close()
            return
        self.agent_name = display_name(self.user)
        self.last_heartbeat = 0.0
        # chat.presence: my state per subject, and the colleagues heard there since.
        self.presence: dict[str, str] = {}
        self.presence_heard: dict[str, set[int]] = {}
        state = await db(self._start)()
        try:
            await self.join(events.AGENTS_GROUP)
            await self.join(events.agent_group(self.user.pk))
            await self.join(ticket_live.INBOX_GROUP)
            if await db(is_supervisor)(self.user):
                await self.join(events.FLOOR_GROUP)
            for conversation in state["conversations"]:
                await self.join(events.conversation_group(conversation["id"]))
        except services.ChatError:  # the layer is down (logged once); the console retries
            await self.close(code=1011)
            return
        await self.accept()
        await self.send_frame(protocol.welcome_agent_frame(**state))

    async def inbox_changed(self, event: dict[str, Any]) -> None:
        """Layer event ``inbox.changed`` (tickets.live): the staff inbox reads its view again."""
        await self.send_frame(protocol.inbox_frame(changed=event["changed"]))

    async def floor_changed(self, event: dict[str, Any]) -> None:
        """Layer event ``floor.changed`` (insights): the live floor reads its figures again."""
        await self.send_frame(protocol.floor_frame(changed=event["changed"]))

    async def disconnect(self, code: int) -> None:
        for subject in list(getattr(self, "presence", {})):
            await presence.announce(subject, self._me(), "left")
        await super().disconnect(code)

    def _me(self) -> dict[str, Any]:
        return {"id": self.user.pk, "name": self.agent_name}

    async def set_presence(self, frame: protocol.Presence) -> None:
        """I am viewing / replying on / have left a ticket or chat (chat.presence)."""
        if frame.subject not in self.presence and frame.state != "left":
            if not await db(presence.subject_allowed)(self.user, frame.subject):
                raise ProtocolError(ErrorCode.NOT_FOUND, "No such ticket or chat.")
            await self.join(presence.presence_group(frame.subject))
            self.presence_heard[frame.subject] = set()
        if frame.subject not in self.presence and frame.state == "left":
            return
        await presence.announce(frame.subject, self._me(), frame.state)
        if frame.state == "left":
            self.presence.pop(frame.subject, None)
            self.presence_heard.pop(frame.subject, None)
            await self.leave(presence.presence_group(frame.subject))
        else:
            self.presence[frame.subject] = frame.state

    async def on_presence(self, frame: dict[str, Any]) -> None:
        subject, agent = frame["subject"], frame["agent"]
        if agent["id"] == self.user.pk or subject not in self.presence:
            return
        await self.send_frame(frame)
        heard = self.presence_heard.setdefault(subject, set())
        if frame["state"] == "left":
            heard.discard(agent["id"])
        elif agent["id"] not in heard:
            heard.add(agent["id"])
            # A newcomer: tell them I am here too (they answer once, then it stops).
            await presence.announce(subject, self._me(), self.presence[subject])

    async def supervise(self, frame: protocol.Supervise) -> None:
        """A supervisor's watch / join / take over / reassign (chat.services.supervision)."""
        action = {
            "watch": services.conversation_watch,
            "join": services.conversation_join,
            "take_over": services.conversation_take_over,
        }.get(frame.action)
        if action is not None:
            await service(action, conversation_id=frame.conversation, by=self.user)
            return
        await service(
            services.conversation_reassign,
            conversation_id=frame.conversation,
            by=self.user,
            to_agent_id=frame.to_agent,
        )

    def _start(self) -> dict[str, Any]:
        services.agent_heartbeat(user=self.user)
        return selectors.agent_state(self.user)

    async def heartbeat(self) -> None:
        now = time.monotonic()
        if now - self.last_heartbeat >= HEARTBEAT_MIN_INTERVAL_SECONDS:
            self.last_heartbeat = now
            await service(services.agent_heartbeat, user=self.user)

    def subscribed(self, conversation_id: int) -> bool:
        return events.conversation_group(conversation_id) in self.groups_joined

    async def handle(self, frame: protocol.ClientFrame) -> None:
        await self.heartbeat()
        if isinstance(frame, protocol.Ping):
            await self.refill()
            await self.send_frame(protocol.pong_frame())
        elif isinstance(frame, protocol.SetStatus):
            await service(services.agent_set_status, user=self.user, status=frame.status)
        elif isinstance(frame, protocol.Sync):
            await db(self._access)(frame.conversation)
            await self.join(events.conversation_group(frame.conversation))
            await self.replay(frame.conversation, frame.last_seq)
        elif isinstance(frame, protocol.Unsubscribe):
            self.synced.pop(frame.conversation, None)
            await self.leave(events.conversation_group(frame.conversation))
        elif isinstance(frame, protocol.Presence):
            await self.set_presence(frame)
        elif isinstance(frame, protocol.Supervise):
            await self.supervise(frame)
        elif isinstance(frame, protocol.Accept):
            await service(
                services.conversation_accept, conversation_id=frame.conversation, user=self.user
            )
        elif isinstance(frame, protocol.SendMessage):
            self.check_rate(frame)
            result = await service(
                services.message_send,
                conversation_id=frame.conversation,
                sender_kind=Role.AGENT.value,
                client_id=frame.client_id,
                body=frame.body,
                user=self.user,
            )
            await self.send_frame(services_ack(result))
        elif isinstance(frame, protocol.Typing):
            self._require_subscribed(frame.conversation)
            await realtime.send_collected(
                [
                    (
                        events.conversation_group(frame.conversation),
                        events.event(
                            protocol.typing_frame(
                                conversation=frame.conversation,
                                sender=protocol.sender(Role.AGENT.value, self.agent_name),
                                is_typing=frame.is_typing,
                            )
                        ),
                    )
                ]
            )
        elif isinstance(frame, protocol.Read):
            self._require_subscribed(frame.conversation)
            await service(
                services.read_mark,
                conversation_id=frame.conversation,
                reader=Role.AGENT.value,
                seq=frame.seq,
            )

    def _access(self, conversation_id: int) -> None:
        try:
            access.conversation_get_for_agent(conversation_id=conversation_id, user=self.user)
        except access.ChatAccessDenied:
            raise ProtocolError(
                ErrorCode.NOT_FOUND, "No such conversation.", conversation=conversation_id
            ) from None

    def _require_subscribed(self, conversation_id: int) -> None:
        if not self.subscribed(conversation_id):
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "Send sync for this conversation first.",
                conversation=conversation_id,
            )


def services_ack(result: services.SendResult) -> dict[str, Any]:
    return ack_frame(result.message, duplicate=result.duplicate)
