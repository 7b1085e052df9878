"""The platform-neutral core: knowledge, lookup, quiz engine and answer model. No I/O beyond
reading the knowledge files at start-up, and no platform import."""
