"""Alembic's entry point: always called by bot.store.migrate with a connection already in a
transaction (one transaction for the whole upgrade, on both engines)."""

from alembic import context

from bot.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
