"""Maintainers' and reviewers' tools around the registry: `pks new/renew`, `pks diff`, CODEOWNERS,
expiry reminders and the pull-request comment.

May import: every stage before it (validation, model, site, exports); nothing imports it but cli.
"""
