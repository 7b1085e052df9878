"""The terminal front end: the same conversation as Slack and Matrix, in a shell."""
