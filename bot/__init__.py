"""labtype: a chatbot about the 7 archetypes of public innovation labs."""

__version__ = "0.1.0"
