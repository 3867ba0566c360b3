from ._quotegraph import Engine as Engine, QuotegraphError as QuotegraphError

__all__ = ["Engine", "QuotegraphError"]
