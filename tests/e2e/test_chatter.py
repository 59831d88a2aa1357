"""Chatter writes through the official SDK, over every transport and era: a note posted on a
partner shows in its chatter as plain text; an activity is scheduled on a lead, listed, completed
with feedback, gone from the list, and the feedback is on the lead's chatter."""

from __future__ import annotations

from clients import Conn


async def bodies(client: Conn, model: str, res_id: int) -> list[str]:
    listed = await client.ok("list_messages", {"model": model, "id": res_id, "limit": 50})
    return [m["body"] for m in listed.structured_content["messages"]]


async def test_a_note_is_posted_as_plain_text(client: Conn) -> None:
    body = f"E2E note <{client.transport} {client.era}> & co"
    posted = await client.confirmed("post_message", {"model": "res.partner", "id": 9, "body": body})
    assert isinstance(posted.structured_content["message_id"], int), posted.structured_content
    assert posted.structured_content["kind"] == "note"
    assert body in await bodies(client, "res.partner", 9)


async def test_an_activity_is_scheduled_listed_and_completed(client: Conn) -> None:
    summary = f"E2E call {client.transport} {client.era}"
    scheduled = await client.confirmed(
        "schedule_activity",
        {"model": "crm.lead", "id": 1, "activity_type": "Call", "due_date": "2031-05-04", "summary": summary},
    )
    activity = scheduled.structured_content["id"]
    on_lead = await client.ok("list_activities", {"model": "crm.lead", "id": 1})
    rows = {a["id"]: a for a in on_lead.structured_content["activities"]}
    assert rows[activity]["type"] == "Call" and rows[activity]["due"] == "2031-05-04", rows
    feedback = f"Done over {client.transport}"
    await client.confirmed("complete_activity", {"id": activity, "feedback": feedback})
    after = await client.ok("list_activities", {"model": "crm.lead", "id": 1})
    assert activity not in [a["id"] for a in after.structured_content["activities"]]
    assert any(feedback in b for b in await bodies(client, "crm.lead", 1))
    refused = await client.err("schedule_activity", {"model": "crm.lead", "id": 1, "due_date": "04/05/2031"})
    assert "YYYY-MM-DD" in refused, refused
