"""Celery tasks of the live chat: thin, they take ids and call a service."""

from celery import shared_task

from chat import services, transcripts


@shared_task(name="chat.send_transcript", autoretry_for=(OSError,), max_retries=5)
def send_transcript(conversation_id: int, email: str) -> bool:
    """E-mail a conversation's transcript to ``email``."""
    return transcripts.transcript_send(conversation_id=conversation_id, email=email)


@shared_task(name="chat.sweep_disconnected_agents")
def sweep_disconnected_agents() -> int:
    """Beat: agents whose socket heartbeat stopped past the grace period go away; their chats
    are offered back to the queue."""
    return services.agents_sweep_disconnected()


@shared_task(name="chat.sweep_unattended")
def sweep_unattended() -> dict[str, int]:
    """Beat: queue chats whose customer left close as abandoned; chats an agent did not answer
    in time go to the next available agent."""
    return services.conversations_sweep_unattended()
