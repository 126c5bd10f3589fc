"""Posting to Slack with the real slack_sdk WebClient, and finding what was already posted."""

from __future__ import annotations

import http.client
import logging
import re
from datetime import UTC, datetime, timedelta
from itertools import islice
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from alerts.blocks import Post
from alerts.reporter import ConfigurationError, DeliveryError, Posted

logger = logging.getLogger(__name__)

# Errors that no retry will cure: ops must fix the token, scopes or channel.
CONFIGURATION_ERRORS = {
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "account_inactive",
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "missing_scope",
    "no_permission",
}
# The message itself was refused: posting it again as plain text may succeed.
MESSAGE_ERRORS = {
    "msg_too_long",
    "invalid_blocks",
    "msg_blocks_too_long",
    "invalid_metadata_format",
    "invalid_metadata_schema",
    "metadata_too_large",
}
NETWORK_ERRORS = (URLError, OSError, http.client.HTTPException)
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")
# How far back, before the uncertain attempt, Slack is searched for the message.
SEARCH_MARGIN = timedelta(minutes=10)
MAX_PAGES = 20


def is_channel_id(channel: str) -> bool:
    return bool(CHANNEL_ID.match(channel))


class SlackReporter:
    def __init__(self, token: str, api_url: str, *, timeout: float = 30.0, rate_limit_retries: int = 3):
        # Only rate limits are retried inside the client: a 429 means nothing was posted.
        # A connection error may come after Slack accepted the message, so retrying it
        # here could post twice; the outbox finds out on the next cycle instead.
        self.client = WebClient(
            token=token,
            base_url=api_url,
            timeout=int(timeout),
            retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries)],
        )

    def post(self, channel: str, post: Post, thread_ts: str | None = None) -> Posted:
        try:
            return self._post(channel, post, thread_ts, with_blocks=True)
        except DeliveryError as exc:
            if str(exc) not in MESSAGE_ERRORS:
                raise
            logger.warning("Slack refused the formatted message (%s); posting it as plain text", exc)
            return self._post(channel, post, thread_ts, with_blocks=False)

    def _post(self, channel: str, post: Post, thread_ts: str | None, *, with_blocks: bool) -> Posted:
        try:
            answer = self.client.chat_postMessage(
                channel=channel,
                text=post.text,
                blocks=post.blocks if with_blocks else None,
                metadata=post.metadata,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise _classify(exc) from None
        except NETWORK_ERRORS as exc:
            raise _network(exc) from None
        if not answer.get("ts"):
            raise DeliveryError("Slack answered ok without a message ts", posted_maybe=True)
        return Posted(answer["channel"], answer["ts"], self.permalink(answer["channel"], answer["ts"]))

    def permalink(self, channel_id: str, ts: str) -> str | None:
        """A link to a posted message (chat.getPermalink), for the web pages. One Slack
        will not give is no failure: the message is posted all the same."""
        try:
            link = self.client.chat_getPermalink(channel=channel_id, message_ts=ts).get("permalink")
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            logger.info("no link to message %s in %s: %s", ts, channel_id, exc)
            return None
        return link if isinstance(link, str) and link.startswith("https://") else None

    def update(self, channel_id: str, ts: str, post: Post) -> None:
        """Edit a message already posted. Editing is idempotent: a retry cannot duplicate."""
        try:
            self.client.chat_update(
                channel=channel_id, ts=ts, text=post.text, blocks=post.blocks, metadata=post.metadata
            )
        except SlackApiError as exc:
            raise _classify(exc) from None
        except NETWORK_ERRORS as exc:
            raise DeliveryError(f"network error talking to Slack: {exc}", posted_maybe=False) from None

    def identity(self) -> str:
        """Who the token is (auth.test): "bot UBOT in team T"; raises DeliveryError."""
        try:
            answer = self.client.auth_test()
        except SlackApiError as exc:
            raise _classify(exc) from None
        except NETWORK_ERRORS as exc:
            raise DeliveryError(f"network error talking to Slack: {exc}", posted_maybe=False) from None
        return f"bot {answer.get('user') or answer.get('user_id')} in team {answer.get('team')}"

    def membership(self, channel: str) -> str | None:
        """Why the bot cannot post to this channel, or None when it can; raises DeliveryError."""
        channel_id = channel if is_channel_id(channel) else self.resolve(channel)
        if channel_id is None:
            return "not found (or the bot lacks the channels:read and groups:read scopes)"
        try:
            info = self.client.conversations_info(channel=channel_id).get("channel") or {}
        except SlackApiError as exc:
            raise _classify(exc) from None
        except NETWORK_ERRORS as exc:
            raise DeliveryError(f"network error talking to Slack: {exc}", posted_maybe=False) from None
        if info.get("is_archived"):
            return "archived"
        if not info.get("is_member"):
            return f"the bot is not a member of {channel}: invite it with /invite"
        return None

    def resolve(self, channel: str) -> str | None:
        """A channel name's id, from conversations.list (needs channels:read / groups:read)."""
        name = channel.lstrip("#")
        try:
            pages = self.client.conversations_list(
                types="public_channel,private_channel", exclude_archived=True, limit=1000
            )
            for page in islice(pages, MAX_PAGES):  # the SDK follows the cursor
                for found in page.get("channels", []):
                    if found.get("name") == name:
                        return found["id"]
        except SlackApiError as exc:
            logger.warning(
                "cannot look up the id of %s: %s",
                channel,
                exc.response.get("error") or exc.response.status_code,
            )
        except NETWORK_ERRORS as exc:
            raise _network(exc) from None
        return None

    def find(
        self,
        channel_id: str,
        event_type: str,
        key: str,
        value: object,
        since: datetime,
        thread_ts: str | None = None,
    ) -> Posted | None:
        """The message carrying this metadata, posted since `since` (UTC), if Slack has it."""
        oldest = str((since - SEARCH_MARGIN).replace(tzinfo=UTC).timestamp())
        try:
            if thread_ts:
                pages = self.client.conversations_replies(
                    channel=channel_id, ts=thread_ts, oldest=oldest, include_all_metadata=True, limit=200
                )
            else:
                pages = self.client.conversations_history(
                    channel=channel_id, oldest=oldest, include_all_metadata=True, limit=200
                )
            for page in islice(pages, MAX_PAGES):  # the SDK follows the cursor
                for message in page.get("messages", []):
                    metadata = message.get("metadata") or {}
                    payload = metadata.get("event_payload") or {}
                    if metadata.get("event_type") == event_type and payload.get(key) == value:
                        return Posted(channel_id, message["ts"], self.permalink(channel_id, message["ts"]))
        except SlackApiError as exc:
            raise _classify(exc) from None
        except NETWORK_ERRORS as exc:
            raise _network(exc) from None
        return None


def _network(exc: Exception) -> DeliveryError:
    """A connection that failed may have failed after Slack took the message."""
    return DeliveryError(f"network error talking to Slack: {exc}", posted_maybe=True)


def _classify(exc: SlackApiError) -> DeliveryError:
    status = exc.response.status_code
    error = exc.response.get("error") or f"HTTP {status}"
    if error in CONFIGURATION_ERRORS:
        return ConfigurationError(error, posted_maybe=False)
    if status == 429 or error == "ratelimited":
        return DeliveryError("rate limited by Slack (429) past the retries", posted_maybe=False)
    if status >= 500:
        return DeliveryError(f"Slack server error (HTTP {status})", posted_maybe=True)
    return DeliveryError(error, posted_maybe=False)
