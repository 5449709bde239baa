-- Only items still waiting for a reminder are indexed by remind_at. Every other item (reminded,
-- closed, or without a deadline) has remind_at NULL, and those were nearly all the entries: a sweep
-- escalating an item removed it from the NULL range at a random leaf, one more page written per
-- item (docs/performance.md, goal 4). The sweep's "remind_at <= :now" implies NOT NULL, so both
-- dialects still select reminders through this index.
DROP INDEX escalation_open_remind;
CREATE INDEX escalation_open_remind ON escalation_item (state, remind_at) WHERE remind_at IS NOT NULL;
